package org.sparknas.spark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.report.DirectoryCheckpoints;
import org.sparknas.core.report.Manifest;
import org.sparknas.core.report.Plots;
import org.sparknas.core.report.ResultJson;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.SplitPlots;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.session.HadoopConfs;

/**
 * One search from config to committed run directory: checks the whole config, loads the data,
 * builds the space, runs the strategy, and writes {@code config.conf}, {@code manifest.json},
 * {@code metrics.jsonl}, {@code result.json} and a summary, with {@code _SUCCESS} last. A failure
 * aborts the run directory, so nothing half-written looks complete.
 * <pre>{@code
 * String uri = new SearchJob(job, spaceSettings, runner, "local").run();
 * }</pre>
 */
public final class SearchJob {
  private static final Logger LOG = LoggerFactory.getLogger(SearchJob.class);

  private final NasConfig job;
  private final SpaceSettings spaceSettings;
  private final ParallelRunner runner;

  public SearchJob(NasConfig job, SpaceSettings spaceSettings, ParallelRunner runner) {
    this.job = job;
    this.spaceSettings = spaceSettings;
    this.runner = runner;
  }

  /** Runs the search; returns the URI of the committed run directory. */
  public String run() throws Exception {
    Instant start = Instant.now();
    LOG.info("method {} on space {}, data {} from '{}', seed {}", job.method(), spaceSettings.name(),
        job.data().format(), job.data().path(), job.seed());
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
      SearchContext ctx = new SearchContext(space, data, job.train(), job.seed(), runner,
          JobInputs.metricsSink(dir), checkpoints);
      SearchResult result;
      try {
        result = job.strategy().search(ctx);
      } finally {
        runner.phase(null); // the strategy names its epochs; later jobs of this thread are not in one
      }
      Instant end = Instant.now();
      double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
      dir.writeJson("result.json", ResultJson.of(job, space, data.name(), result, seconds, runner.parallelism()));
      dir.writeText("report/summary.txt", ResultJson.summary(job, space, result, seconds));
      writeCurves(dir, job.method(), space);
      for (Map.Entry<String, byte[]> png : SplitPlots.pngs(result.details()).entrySet()) {
        dir.writeAtomically("report/" + png.getKey(), png.getValue());
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
  private static void writeCurves(RunDirectory dir, String method, SearchSpace space) throws IOException {
    if (!dir.exists("metrics.jsonl")) {
      return;
    }
    List<Map<String, Object>> rows = jsonLines(new String(dir.read("metrics.jsonl"), StandardCharsets.UTF_8));
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

  /** The JSON objects of a {@code .jsonl} text, one per non-blank line. */
  static List<Map<String, Object>> jsonLines(String text) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        rows.add(json.readValue(line, new TypeReference<Map<String, Object>>() {}));
      }
    }
    return rows;
  }
}
