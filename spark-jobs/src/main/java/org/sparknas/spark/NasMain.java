package org.sparknas.spark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.backend.BackendChoice;
import org.sparknas.core.backend.BackendFacts;
import org.sparknas.core.backend.Nd4jBackends;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.config.Settings;
import org.sparknas.core.data.DatasetException;
import org.sparknas.core.rank.RankSettings;
import org.sparknas.core.retrain.RetrainSettings;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.train.TrainingDivergedException;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.bench.EvalBenchmark;
import org.sparknas.spark.bench.GmSplitBenchmark;
import org.sparknas.spark.bench.SupernetBenchmark;
import org.sparknas.spark.cli.CommandLine;
import org.sparknas.spark.cli.CompareJob;
import org.sparknas.spark.cli.CompareSettings;
import org.sparknas.spark.cli.PredictJob;
import org.sparknas.spark.cli.QualityJob;
import org.sparknas.spark.cli.QualitySettings;
import org.sparknas.spark.cli.RankJob;
import org.sparknas.spark.cli.RetrainJob;
import org.sparknas.spark.cli.RetrainTarget;
import org.sparknas.spark.cli.RunIds;
import org.sparknas.spark.cli.SearchJob;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.ClusterExecutors;
import org.sparknas.spark.session.HadoopConfs;
import org.sparknas.spark.session.NasOverrides;
import org.sparknas.spark.session.SparkSessions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.javacpp.Pointer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The one entry point of {@code bin/nas} and {@code spark-submit}:
 * <pre>
 * nas search     --config FILE [--set key=value ...] [--master URL]
 * nas quickstart [--set key=value ...]            (bin/nas supplies conf/quickstart.conf)
 * nas compare    --config FILE [--set key=value ...] [--master URL]
 * nas rank       --config FILE [--set key=value ...] [--master URL]
 * nas backend    [--config FILE] [--set nas.backend=cuda]
 * nas quality    --config FILE [--set key=value ...] [--master URL]
 * nas retrain    --config FILE [--set key=value ...] [--master URL]
 * nas predict    --model URI --data URI --output URI [--format F] [--split test|train] [--batch N] [--master URL]
 * nas bench supernet --space darts --C 8 --cells 5 --batch 64 --threads 1
 * nas bench eval --space nb201 --C 8 --cells 1 --stages 3 --candidates 16 --images 1024 --repeats 5
 * </pre>
 * The last line a search prints is {@code run: <uri of the run directory>}, also when the run id names
 * a run that is already complete. Exit status 2 means bad input (named key, option or file), found
 * before Spark starts; 1 means the work failed (diverged, out of memory, ...); 143 means a signal
 * stopped the search, which then waits for a resume.
 */
public final class NasMain {
  private static final Logger LOG = LoggerFactory.getLogger(NasMain.class);

  /** Exit status of a search stopped by a signal: 128 + SIGTERM, as a shell reports it. */
  static final int STOPPED = 143;
  /** Above Spark's own hooks (SparkContext at 50 inside Spark's manager, which Hadoop runs at 40), so the run stops first. */
  private static final int STOP_HOOK_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 50;
  private static volatile boolean stopping;

  private NasMain() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.err));
  }

  /**
   * What {@link #main} does without exiting: runs the command and returns its exit status, with a
   * failure reported on {@code err} in one line (and a hint where one helps).
   */
  static int execute(String[] args, PrintStream err) {
    try {
      return run(args);
    } catch (ConfigException | DatasetException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception | OutOfMemoryError e) {
      if (stopping) {
        return STOPPED; // the shutdown hook said what happened; the rest is Spark going down under the search
      }
      TrainingDivergedException diverged = cause(e, TrainingDivergedException.class);
      if (diverged != null) {
        err.println("error: " + diverged.getMessage());
        return 1;
      }
      if (deviceMemoryExhausted(e)) {
        LOG.debug("out of device memory", e);
        err.println("error: a GPU ran out of memory: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        err.println("hint: lower nas.train.batch-size or nas.train.eval-batch-size (nas.fewshot.gm.batch-size for"
            + " gradient-matching splits), or run fewer tasks per GPU: raise spark.task.resource.gpu.amount towards 1"
            + " (1/amount tasks share a GPU); in local mode, --master local[1]");
        return 1;
      }
      boolean offHeap = nativeMemoryExhausted(e);
      if (offHeap || outOfMemory(e)) {
        LOG.debug("out of memory", e);
        err.println("error: out of memory: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        err.println("hint: " + (offHeap
            ? String.format("ND4J's off-heap memory reached its cap of %d MB (org.bytedeco.javacpp.maxPhysicalBytes)",
                Pointer.maxPhysicalBytes() >> 20)
            : String.format("the Java heap of %d MB ran out", Runtime.getRuntime().maxMemory() >> 20))
            + ": lower the size of a step (nas.space.channels, nas.space.cells, nas.train.batch-size, "
            + "nas.train.eval-batch-size), or raise NAS_MAX_RSS (off-heap cap) or NAS_HEAP with bin/nas; on a cluster, "
            + "the executors' memory, its overhead and the cap in their extraJavaOptions, or fewer tasks per JVM");
        return 1;
      }
      LOG.error("failed", e);
      err.println("error: " + e);
      return 1;
    }
  }

  /** The first {@code type} in the cause chain of {@code e}, or null. */
  static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** An {@link OutOfMemoryError} in the chain, or named in a failed task's text. */
  static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("java.lang.OutOfMemoryError")) {
        return true;
      }
    }
    return false;
  }

  /** JavaCPP's "Cannot allocate ... physicalBytes = ..." anywhere in the chain (a task's travels as text). */
  static boolean nativeMemoryExhausted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("Cannot allocate") && m.contains("physicalBytes")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A CUDA or cuDNN allocation failure anywhere in the chain (a task's travels as text): CUDA's
   * "out of memory" (cudaErrorMemoryAllocation), the driver's CUDA_ERROR_OUT_OF_MEMORY, cuBLAS's and
   * cuDNN's ALLOC_FAILED, ND4J's "Failed to allocate ... DEVICE".
   */
  static boolean deviceMemoryExhausted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("out of memory") || m.contains("OUT_OF_MEMORY") || m.contains("cudaErrorMemoryAllocation")
          || m.contains("STATUS_ALLOC_FAILED") || (m.contains("Failed to allocate") && m.contains("DEVICE"))) {
        return true;
      }
    }
    return false;
  }

  static int run(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.out.println(usage());
      return 0;
    }
    CommandLine cl = CommandLine.parse(args);
    // before anything loads ND4J: where CUDA cannot load, the first attempt's error names the library
    Nd4jBackends.tryCudaFirst();
    switch (cl.command()) {
      case "search", "quickstart" -> {
        NasConfig checked = resolve(cl);
        SpaceSettings space = SpaceSettings.from(checked.settings());
        NasConfig job = withRunId(checked, RunIds.forSearch(checked, new SparkConf(true), Instant.now()));
        try (SearchJob search = SearchJob.prepare(job, space)) {
          // config, output, run id and data are checked by now: bad input never starts a SparkContext
          if (search.complete()) {
            LOG.info("run {} is already complete with this config; nothing to do", job.runId());
            System.out.println("run: " + search.uri());
            return 0;
          }
          Runnable onSignal = () -> stopped(search);
          ShutdownHookManager.get().addShutdownHook(onSignal, STOP_HOOK_PRIORITY);
          try {
            System.out.println("run: " + onSpark(cl, job, job.method(), (spark, runner) -> search.run(runner, spark)));
          } finally {
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
              ShutdownHookManager.get().removeShutdownHook(onSignal);
            }
          }
        }
        return 0;
      }
      case "compare" -> {
        NasConfig checked = resolve(cl);
        SpaceSettings.from(checked.settings());
        CompareSettings compare = CompareSettings.from(checked.settings());
        NasConfig job = withRunId(checked, RunIds.forCommand(checked, "compare", Instant.now()));
        System.out.println("compare: " + onSpark(cl, job, "compare",
            (spark, runner) -> new CompareJob(job, compare, cl.config(), overrides(cl), runner, spark).run()));
        return 0;
      }
      case "rank" -> {
        NasConfig checked = resolve(cl);
        SpaceSettings space = SpaceSettings.from(checked.settings());
        RankSettings rank = RankSettings.from(checked.settings());
        NasConfig job = withRunId(checked, RunIds.forCommand(checked, "rank", Instant.now()));
        System.out.println("run: " + onSpark(cl, job, "rank", (spark, runner) -> new RankJob(job, space, rank, runner).run()));
        return 0;
      }
      case "backend" -> {
        // the config (file, spark.nas.*, --set) is optional: only nas.backend is read
        BackendChoice choice = BackendChoice.from(new Settings(ConfigLoader.load(cl.config(), overrides(cl))));
        BackendFacts facts = Nd4jBackends.facts();
        System.out.println(new ObjectMapper().writeValueAsString(facts.toJson()));
        String problem = choice.problem(facts);
        if (problem != null) {
          throw new ConfigException(BackendChoice.KEY, choice.configName() + " asked for: " + problem);
        }
        return 0;
      }
      case "quality" -> {
        NasConfig checked = resolve(cl);
        SpaceSettings.from(checked.settings());
        RetrainSettings.recipe(checked.settings());
        QualitySettings quality = QualitySettings.from(checked.settings());
        NasConfig job = withRunId(checked, RunIds.forCommand(checked, "quality", Instant.now()));
        System.out.println("quality: " + onSpark(cl, job, "quality",
            (spark, runner) -> new QualityJob(job, quality, cl.config(), overrides(cl), runner).run()));
        return 0;
      }
      case "retrain" -> {
        NasConfig job = resolve(cl);
        RetrainTarget target = RetrainTarget.from(job.settings(), HadoopConfs.current());
        System.out.println("run: " + (target.distributed()
            ? onSpark(cl, job, "retrain", (spark, runner) -> new RetrainJob(job, target,
                SparkSessions.javaContext(spark)).run())
            : new RetrainJob(job, target, null).run()));
        return 0;
      }
      case "predict" -> {
        PredictJob predict = new PredictJob(cl.option("model", null), cl.option("data", null),
            cl.option("output", null), cl.option("format", null), cl.option("split", "test"), cl.intOption("batch", 256));
        SparkSession spark = SparkSessions.getOrCreate(cl.master(), Map.of());
        try {
          System.out.println("predictions: " + predict.run(spark));
        } finally {
          spark.stop();
        }
        return 0;
      }
      case "bench supernet" -> {
        System.out.println(SupernetBenchmark.run(cl));
        return 0;
      }
      case "bench eval" -> {
        System.out.println(EvalBenchmark.run(cl));
        return 0;
      }
      case "bench gm" -> {
        System.out.println(GmSplitBenchmark.run(cl));
        return 0;
      }
      default -> throw new IllegalStateException("CommandLine.OPTIONS lists " + cl.command() + ", NasMain does not run it");
    }
  }

  /**
   * The work of a job command, given its Spark session (which writes the run's tables) and that
   * session's runner; returns the URI of what it wrote.
   */
  @FunctionalInterface
  private interface SparkWork {
    String run(SparkSession spark, ParallelRunner runner) throws Exception;
  }

  /**
   * Runs {@code work} on a Spark session named after the run ({@code SparkNAS <what> <run id>}) once the
   * cluster has granted an executor (failing after {@code nas.executor-wait} if it never does), and stops
   * the session afterwards.
   */
  private static String onSpark(CommandLine cl, NasConfig job, String what, SparkWork work) throws Exception {
    Duration executorWait = duration(job, "nas.executor-wait");
    String name = SparkSessions.appName(new SparkConf(true), what + " " + job.runId());
    BackendChoice backend = BackendChoice.from(job.settings());
    Map<String, String> settings = new LinkedHashMap<>(SparkSessions.backendSettings(backend));
    settings.put("spark.app.name", name);
    SparkSession spark = SparkSessions.getOrCreate(cl.master(), settings);
    try (SparkRunner runner = new SparkRunner(SparkSessions.javaContext(spark))) {
      ClusterExecutors.awaitFirst(spark.sparkContext(), executorWait);
      runner.requireBackend(backend);
      return work.run(spark, runner);
    } finally {
      spark.stop();
    }
  }

  /** The job with its run id fixed, so that the application name, the run directory and config.conf agree. */
  static NasConfig withRunId(NasConfig job, String runId) {
    return NasConfig.from(ConfigFactory.parseMap(Map.of("nas.run-id", runId)).withFallback(job.settings().config()),
        Strategies::check);
  }

  private static Duration duration(NasConfig job, String key) {
    try {
      Duration d = job.settings().config().getDuration(key);
      if (d.isNegative()) {
        throw new ConfigException(key, "must not be negative, got " + d);
      }
      return d;
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected a duration such as 5m or 90s (0 = forever): " + e.getMessage());
    }
  }

  /**
   * A search stopped by a signal (a scheduler's SIGTERM, Ctrl-C) says so in one line with how to
   * resume, keeps its in-progress directory and releases its run id; what Spark prints as it goes down
   * under the running search is not the user's concern, so the failure it causes is not reported.
   */
  private static void stopped(SearchJob search) {
    stopping = true;
    // first, before anything can fail: Spark's shutdown hooks, and the search thread's own spark.stop(), stop it
    // under running jobs, and its threads log each failure with a trace
    Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    System.err.println("stopped: " + search.resumeHint());
    // Scala's thread pools print what fails in them straight to stderr, past any logger
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    try {
      search.stop();
    } catch (IOException | RuntimeException e) {
      // the run is kept either way; an unreleased lease is taken over once its process is gone
    }
  }

  /**
   * The job config of a search command: the file, then {@code spark.nas.*} Spark settings (spark-submit's
   * {@code --conf}, or {@code -Dspark.nas.*} system properties), then {@code --set}, which wins; every
   * key is checked against the defaults.
   */
  static NasConfig resolve(CommandLine cl) {
    if (cl.config() == null && !cl.command().equals("quickstart")) {
      throw new ConfigException("--config", cl.command() + " needs --config FILE (a HOCON job config)");
    }
    // spark.hadoop.* settings and HADOOP_CONF_DIR's files locate the config, as they do the data
    Config config = ConfigLoader.load(cl.config(), overrides(cl), HadoopConfs.current());
    return NasConfig.from(config, Strategies::check);
  }

  /** The key overrides of a command: {@code spark.nas.*} Spark settings, then {@code --set}, which wins. */
  static Map<String, String> overrides(CommandLine cl) {
    // spark-submit passes job keys as spark.nas.<key> (it drops others); --set wins over them
    Map<String, String> overrides = new LinkedHashMap<>(NasOverrides.fromSparkConf(new SparkConf(true)));
    overrides.putAll(cl.overrides());
    return overrides;
  }

  static String usage() {
    return String.join("\n",
        "usage: nas <command> [options]",
        "  search      --config FILE [--set key=value ...] [--master URL]   run a search, write a run directory",
        "  quickstart  [--set key=value ...]                                 DARTS on nb201 / Fashion-MNIST (conf/quickstart.conf)",
        "  compare     --config FILE [--set key=value ...] [--master URL]   one search per (method, seed) of nas.compare,",
        "              run in parallel; then report/compare.txt, compare.json and sharpness, gap and alpha plots",
        "  rank        --config FILE [--set key=value ...] [--master URL]   ranking study: from-scratch accuracy vs supernet scores",
        "  backend     [--config FILE] [--set nas.backend=cuda]             this JVM's ND4J backend as JSON (GPUs, CUDA,",
        "              cuDNN); exit 2 with the reason where it is not the nas.backend asked for (docs/gpu.md)",
        "  quality     --config FILE [--set key=value ...] [--master URL]   search quality: every method x seed of nas.quality",
        "              searched and retrained, against random search at equal time; report/quality.txt, quality.json",
        "  retrain     --config FILE [--set key=value ...] [--master URL]   train nas.retrain.architecture (or from-run) with DL4J",
        "              on the whole training split, score the test split once, export model/ (docs/retrain.md)",
        "  predict     --model URI --data URI --output URI [--format F] [--split test|train] [--batch 256] [--master URL]",
        "              score a dataset with an exported model on the executors: Parquet predictions, accuracy",
        "  bench supernet --space darts|nb201 --C 8 --cells 5 --batch 64 --threads 1 [--iters 20 --warmup 3]",
        "  bench eval  [--space nb201 --C 8 --cells 1 --stages 3 --candidates 16 --images 1024 --repeats 5]",
        "              candidate scoring through Spark on local[1], then local[2]: medians, speedup, task overhead",
        "  bench gm    [--config conf/quickstart.conf --set fewshot.gm.repeats=10]",
        "              one GM-NAS split of the config's root supernet on LocalRunner, then Spark local[2]: wall times",
        "  submit-line --config FILE [--master URL] [--deploy-mode client|cluster] [--properties-file F] [--set k=v ...]",
        "              (bin/nas only) print the equivalent spark-submit command; builds and runs nothing",
        "config keys: docs/configuration.md (every key, default and meaning); ready configs in conf/");
  }
}
