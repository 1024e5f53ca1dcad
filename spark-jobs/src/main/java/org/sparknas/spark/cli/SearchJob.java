package org.sparknas.spark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.report.DirectoryCheckpoints;
import org.sparknas.core.report.Manifest;
import org.sparknas.core.report.Plots;
import org.sparknas.core.report.ResultJson;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunKeys;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.report.RunTables;
import org.sparknas.core.report.SplitPlots;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.session.HadoopConfs;
import org.sparknas.spark.tables.ParquetTables;

/**
 * One search from config to committed run directory: checks the whole config, loads the data,
 * builds the space, runs the strategy, and writes {@code config.conf}, {@code manifest.json},
 * {@code metrics.jsonl}, {@code events.jsonl}, {@code result.json}, the report and the Parquet tables,
 * with {@code _SUCCESS} last. A failure aborts the run directory, so nothing half-written looks complete.
 * <pre>{@code
 * String uri = new SearchJob(job, spaceSettings, runner, spark).run();
 * }</pre>
 */
public final class SearchJob {
  private static final Logger LOG = LoggerFactory.getLogger(SearchJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NasConfig job;
  private final SpaceSettings spaceSettings;
  private final ParallelRunner runner;
  /** Writes the run's tables; null for a search that writes none. */
  private final SparkSession spark;

  /** A search whose tables {@code spark} writes (from the driver). */
  public SearchJob(NasConfig job, SpaceSettings spaceSettings, ParallelRunner runner, SparkSession spark) {
    this.job = job;
    this.spaceSettings = spaceSettings;
    this.runner = runner;
    this.spark = spark;
  }

  /**
   * A search that writes no tables: a search of {@code nas compare} runs inside a Spark task, where no
   * SparkSession exists, and the comparison writes the tables of all its runs.
   */
  static SearchJob withoutTables(NasConfig job, SpaceSettings spaceSettings, ParallelRunner runner) {
    return new SearchJob(job, spaceSettings, runner, null);
  }

  /** Runs the search; returns the URI of the committed run directory. */
  public String run() throws Exception {
    Instant start = Instant.now();
    LOG.info("method {} on space {}, data {}, seed {}", job.method(), spaceSettings.name(), job.data().describe(),
        job.seed());
    JobInputs inputs = JobInputs.load(job, spaceSettings);
    DataSource data = inputs.data();
    SearchSpace space = inputs.space();
    String runId = job.runId().isEmpty() ? RunDirectory.runId(job.method(), start) : job.runId();
    // an explicit run id reopens that run's in-progress directory, if an interrupted run left one
    RunDirectory dir = job.runId().isEmpty() ? RunDirectory.create(job.output(), runId, HadoopConfs.current())
        : RunDirectory.resumeOrCreate(job.output(), runId, HadoopConfs.current());
    DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(dir);
    if (dir.resumed()) {
      LOG.info("resuming run {} from {}", runId, dir.inProgressUri());
    }
    try {
      dir.writeText("config.conf", job.render());
      Manifest manifest = new Manifest(runId, job, runner, start);
      dir.writeJson("manifest.json", manifest.toJson(null));
      RunLog log = new RunLog(dir, new RunKeys(runId, job.method(), space.name(), job.seed()));
      SearchContext ctx = new SearchContext(space, data, job.train(), job.seed(), runner, log, checkpoints);
      SearchResult result;
      try {
        result = job.strategy().search(ctx);
      } finally {
        runner.phase(null); // the strategy names its epochs; later jobs of this thread are not in one
      }
      Instant end = Instant.now();
      double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
      dir.writeJson("result.json", ResultJson.of(runId, job, space, data.name(), result, seconds,
          runner.parallelism()));
      dir.writeText("report/summary.txt", ResultJson.summary(job, space, result, seconds));
      // read back from the files, as they stand after a resume too: earlier attempts' epochs included
      List<Map<String, Object>> epochs = dir.exists(RunLog.METRICS)
          ? RunLog.rows(new String(dir.read(RunLog.METRICS), StandardCharsets.UTF_8)) : List.of();
      writeCurves(dir, job.method(), space, epochs);
      for (Map.Entry<String, byte[]> png : SplitPlots.pngs(result.details()).entrySet()) {
        dir.writeAtomically("report/" + png.getKey(), png.getValue());
      }
      if (spark != null) {
        Map<String, Object> resultJson = JSON.readValue(dir.read("result.json"), new TypeReference<>() {});
        ParquetTables.write(spark, dir, RunTables.of(resultJson, epochs));
      }
      dir.writeJson("manifest.json", manifest.toJson(end));
      dir.commit();
      LOG.info("architecture {}", result.architecture());
      return dir.uri().toString();
    } catch (Exception | Error e) {
      if (checkpoints.any()) {
        dir.keepForResume();
        LOG.error("run {} failed; its checkpoints stay in {}: run the same command with --set nas.run-id={} to resume",
            runId, dir.inProgressUri(), runId);
      } else {
        dir.abort();
      }
      throw e;
    }
  }

  /**
   * {@code report/accuracy.png}, {@code report/loss.png} and, where the rows have them,
   * {@code report/sharpness.png}, {@code report/gap.png} and {@code report/alphas-<group>.png}, from
   * every row of {@code metrics.jsonl}.
   */
  private static void writeCurves(RunDirectory dir, String method, SearchSpace space, List<Map<String, Object>> rows)
      throws IOException {
    Map<String, byte[]> charts = new LinkedHashMap<>();
    charts.put("accuracy", Plots.epochCurves(method + ": accuracy per epoch", rows,
        List.of("train_accuracy", "val_accuracy", "derived_val_accuracy")));
    charts.put("loss", Plots.epochCurves(method + ": loss per epoch", rows, List.of("train_loss", "val_loss")));
    charts.put("sharpness", Plots.epochCurves(method + ": dominant Hessian eigenvalue in alpha", rows,
        List.of("sharpness")));
    charts.put("gap", Plots.epochCurves(method + ": supernet minus derived validation accuracy", rows,
        List.of("gap")));
    for (AlphaGroup g : space.groups()) {
      charts.put("alphas-" + g.name(), Plots.alphaTrajectories(method + ": softmax(alpha) per epoch, " + g.name(),
          Map.of(method, rows), g.name(), space.opNames()));
    }
    for (Map.Entry<String, byte[]> c : charts.entrySet()) {
      if (c.getValue() != null) {
        dir.writeAtomically("report/" + c.getKey() + ".png", c.getValue());
      }
    }
  }
}
