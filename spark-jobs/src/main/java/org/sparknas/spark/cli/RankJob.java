package org.sparknas.spark.cli;

import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.rank.RankReport;
import org.sparknas.core.rank.RankResult;
import org.sparknas.core.rank.RankSettings;
import org.sparknas.core.rank.RankStudy;
import org.sparknas.core.report.Manifest;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunKeys;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.session.HadoopConfs;

/**
 * One ranking study from config to committed run directory: {@code config.conf}, {@code manifest.json},
 * {@code metrics.jsonl}, {@code events.jsonl}, {@code rank.json}, {@code report/rank.txt} and a scatter plot per arm
 * ({@code report/rank-<arm>.png}), with {@code _SUCCESS} last; a failure aborts the directory.
 * <pre>{@code
 * String uri = new RankJob(job, spaceSettings, RankSettings.from(job.settings()), runner).run();
 * }</pre>
 */
public final class RankJob {
  private static final Logger LOG = LoggerFactory.getLogger(RankJob.class);
  static final String NAME = "rank";

  private final NasConfig job;
  private final SpaceSettings spaceSettings;
  private final RankSettings rank;
  private final ParallelRunner runner;

  public RankJob(NasConfig job, SpaceSettings spaceSettings, RankSettings rank, ParallelRunner runner) {
    this.job = job;
    this.spaceSettings = spaceSettings;
    this.rank = rank;
    this.runner = runner;
  }

  /** Runs the study; returns the URI of the committed run directory. */
  public String run() throws Exception {
    Instant start = Instant.now();
    LOG.info("rank study on space {}, data {}, seed {}", spaceSettings.name(), job.data().describe(), job.seed());
    JobInputs inputs = JobInputs.load(job, spaceSettings);
    String runId = job.runId().isEmpty() ? RunDirectory.runId(NAME, start) : job.runId();
    RunDirectory dir = RunDirectory.create(job.output(), runId, HadoopConfs.current());
    try {
      dir.writeText("config.conf", job.render());
      Manifest manifest = new Manifest(runId, job, runner, start);
      dir.writeJson(Manifest.FILE, manifest.toJson(null, 0));
      SearchContext ctx = new SearchContext(inputs.space(), inputs.data(), job.train(), job.seed(), runner,
          new RunLog(dir, new RunKeys(runId, NAME, inputs.space().name(), job.seed())));
      RankResult result;
      try {
        result = new RankStudy(rank).run(ctx);
      } finally {
        runner.phase(null);
      }
      Instant end = Instant.now();
      double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
      dir.writeJson("rank.json", RankReport.json(result, inputs.space().name(), inputs.data().name(), job.seed(),
          seconds));
      String table = RankReport.table(result);
      dir.writeText("report/rank.txt", table);
      for (Map.Entry<String, byte[]> plot : RankReport.scatterPlots(result).entrySet()) {
        dir.writeAtomically(plot.getKey(), plot.getValue());
      }
      dir.writeJson(Manifest.FILE, manifest.toJson(end, seconds));
      dir.commit();
      LOG.info("rank study done in {} s:\n{}", String.format("%.1f", seconds), table);
      return dir.uri().toString();
    } catch (Exception | Error e) {
      dir.abort();
      throw e;
    }
  }
}
