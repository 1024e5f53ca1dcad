package org.sparknas.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.report.BossnasPlots;
import org.sparknas.core.report.DirectoryCheckpoints;
import org.sparknas.core.report.Manifest;
import org.sparknas.core.report.Plots;
import org.sparknas.core.report.ResultJson;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunKeys;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.report.RunTables;
import org.sparknas.core.report.RunWarnings;
import org.sparknas.core.report.SplitPlots;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.session.HadoopConfs;
import org.sparknas.spark.tables.ParquetTables;

/**
 * One search from config to committed run directory. {@link #prepare} does everything that can be
 * checked before Spark starts: it opens the run directory (output, run id and the lease on it), holds
 * a resumed or complete run to the config it was started with, loads the data and builds the space.
 * {@link #run} then runs the strategy and writes {@code config.conf}, {@code manifest.json},
 * {@code metrics.jsonl}, {@code events.jsonl}, {@code result.json}, the report and the Parquet tables,
 * and commits. A failure keeps the in-progress directory for a resume when it holds a checkpoint and
 * removes it otherwise, so nothing half-written looks complete.
 * <pre>{@code
 * try (SearchJob search = SearchJob.prepare(job, spaceSettings)) {
 *   String uri = search.complete() ? search.uri() : search.run(runner, spark);
 * }
 * }</pre>
 */
public final class SearchJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NasConfig job;
  private final SpaceSettings spaceSettings;
  private final String runId;
  private final RunDirectory dir;
  private JobInputs inputs;
  private volatile boolean stopped;

  private SearchJob(NasConfig job, SpaceSettings spaceSettings, String runId, RunDirectory dir) {
    this.job = job;
    this.spaceSettings = spaceSettings;
    this.runId = runId;
    this.dir = dir;
  }

  /**
   * Opens the run (a new one, or with an explicit {@code nas.run-id} the interrupted or complete run of
   * that id) and checks it against {@code job}, then loads the data unless the run is complete.
   *
   * @throws ConfigException when the output or run id cannot be used, another process writes the run,
   *     or a resumed or complete run was started with other values of result-changing keys
   */
  public static SearchJob prepare(NasConfig job, SpaceSettings spaceSettings) throws IOException {
    String runId = job.runId().isEmpty() ? RunDirectory.runId(job.method(), Instant.now()) : job.runId();
    // an explicit run id reopens that run: interrupted, it resumes; complete, there is nothing to do
    RunDirectory dir = job.runId().isEmpty() ? RunDirectory.create(job.output(), runId, HadoopConfs.current())
        : RunDirectory.resumeOrCreate(job.output(), runId, HadoopConfs.current(),
            RunIds.attempt(new SparkConf(true)));
    SearchJob search = new SearchJob(job, spaceSettings, runId, dir);
    try {
      ReopenedRun.requireSameConfig(job, dir, runId, OTHER_COMMANDS);
      if (!search.complete()) {
        LOG.info("method {} on space {}, data {}, seed {}", job.method(), spaceSettings.name(), job.data().describe(),
            job.seed());
        search.inputs = JobInputs.load(job, spaceSettings);
      }
      return search;
    } catch (IOException | RuntimeException e) {
      search.close();
      throw e;
    }
  }

  /**
   * Blocks of the commands that run searches and then do more with them: a search reads none of them,
   * so e.g. a comparison can retrain its finished searches' answers with another recipe.
   */
  private static final List<String> OTHER_COMMANDS = List.of("nas.compare.", "nas.quality.", "nas.retrain.");

  /** Whether the run id names a run that already completed (with this config): there is nothing to do. */
  public boolean complete() {
    return dir.found() == RunDirectory.Found.COMPLETE;
  }

  /** The run directory's final URI. */
  public String uri() {
    return dir.uri().toString();
  }

  /** What a stopped or failed search tells the user: where it waits and the command line that resumes it. */
  public String resumeHint() {
    return "run " + runId + " waits in " + dir.inProgressUri() + "; the same command with --set nas.run-id=" + runId
        + " resumes it from its last checkpoint";
  }

  /**
   * Stops writing (on SIGTERM): the in-progress directory stays for a resume and the lease is released;
   * the failure this causes in {@link #run} is the stop, not news, and is not logged.
   */
  public void stop() throws IOException {
    stopped = true;
    dir.keepForResume();
  }

  /**
   * Runs the search on {@code runner}; returns the URI of the committed run directory.
   *
   * @param spark writes the run's tables (from the driver); null for a search that writes none: a search
   *     of {@code nas compare} runs inside a Spark task, where no session exists, and the comparison
   *     writes the tables of all its runs
   */
  public String run(ParallelRunner runner, SparkSession spark) throws Exception {
    if (complete()) {
      return uri();
    }
    DataSource data = inputs.data();
    SearchSpace space = inputs.space();
    Manifest manifest = Manifest.open(runId, job, runner, dir, Instant.now());
    DirectoryCheckpoints progress = new DirectoryCheckpoints(dir, from -> {
      manifest.resumedFrom(from);
      writeManifest(manifest, null, ((Number) from.get("elapsed_seconds")).doubleValue());
    });
    if (dir.resumed()) {
      LOG.info("resuming run {} from {}", runId, dir.inProgressUri());
    }
    try {
      dir.writeText("config.conf", job.render());
      writeManifest(manifest, null, progress.elapsedSeconds());
      RunLog log = new RunLog(dir, new RunKeys(runId, job.method(), space.name(), job.seed()));
      SearchContext ctx = new SearchContext(space, data, job.train(), job.seed(), runner, progress.metrics(log),
          progress);
      SearchResult result;
      try {
        result = Strategies.create(job.method(), job.settings()).search(ctx);
      } finally {
        runner.phase(null); // the strategy names its epochs; later jobs of this thread are not in one
      }
      progress.finish();
      double seconds = progress.elapsedSeconds();
      // read back from the files, as they stand after a resume too: earlier attempts' epochs included
      List<Map<String, Object>> epochs = dir.exists(RunLog.METRICS)
          ? RunLog.rows(new String(dir.read(RunLog.METRICS), StandardCharsets.UTF_8)) : List.of();
      List<String> warnings = RunWarnings.of(result, epochs, data.search().train().numClasses());
      warnings.forEach(w -> LOG.warn("run {}: {}", runId, w));
      dir.writeJson("result.json", ResultJson.of(runId, job, space, data.name(), result, seconds,
          runner.parallelism(), warnings));
      dir.writeText("report/summary.txt", ResultJson.summary(job, space, result, seconds, warnings));
      writeCurves(dir, job.method(), space, epochs);
      Map<String, byte[]> pngs = new LinkedHashMap<>(SplitPlots.pngs(result.details()));
      pngs.putAll(BossnasPlots.pngs(result.details()));
      for (Map.Entry<String, byte[]> png : pngs.entrySet()) {
        dir.writeAtomically("report/" + png.getKey(), png.getValue());
      }
      if (spark != null) {
        Map<String, Object> resultJson = JSON.readValue(dir.read("result.json"), new TypeReference<>() {});
        ParquetTables.write(spark, dir, RunTables.of(resultJson, epochs));
      }
      writeManifest(manifest, Instant.now(), seconds);
      dir.commit();
      LOG.info("architecture {}", result.architecture());
      return uri();
    } catch (Exception | Error e) {
      if (stopped) {
        throw e;
      }
      if (progress.any()) {
        dir.keepForResume();
        LOG.error("run {} failed; {}", runId, resumeHint());
      } else {
        dir.abort();
      }
      throw e;
    }
  }

  private void writeManifest(Manifest manifest, Instant end, double seconds) {
    try {
      dir.writeJson(Manifest.FILE, manifest.toJson(end, seconds));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + Manifest.FILE + " in " + dir.inProgressUri(), e);
    }
  }

  /** Releases the run: a fresh one that never ran is removed, an interrupted one stays for a resume. */
  @Override
  public void close() throws IOException {
    if (dir.resumed()) {
      dir.keepForResume();
    } else {
      dir.close();
    }
  }

  /**
   * {@code report/accuracy.png}, {@code report/loss.png} and, where the rows have them,
   * {@code report/sharpness.png}, {@code report/gap.png}, {@code report/bossnas-loss.png} and
   * {@code report/alphas-<group>.png}, from every row of {@code metrics.jsonl}.
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
    charts.put("bossnas-loss", BossnasPlots.lossPerBlock(rows));
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
