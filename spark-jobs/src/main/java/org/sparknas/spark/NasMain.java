package org.sparknas.spark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DatasetException;
import org.sparknas.core.rank.RankSettings;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.bench.EvalBenchmark;
import org.sparknas.spark.bench.GmSplitBenchmark;
import org.sparknas.spark.bench.SupernetBenchmark;
import org.sparknas.spark.cli.CommandLine;
import org.sparknas.spark.cli.CompareJob;
import org.sparknas.spark.cli.CompareSettings;
import org.sparknas.spark.cli.RankJob;
import org.sparknas.spark.cli.RunIds;
import org.sparknas.spark.cli.SearchJob;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.ClusterExecutors;
import org.sparknas.spark.session.HadoopConfs;
import org.sparknas.spark.session.NasOverrides;
import org.sparknas.spark.session.SparkSessions;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.javacpp.Pointer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The one entry point of {@code bin/nas} and {@code spark-submit}:
 * <pre>
 * nas search     --config FILE [--set key=value ...] [--master URL]
 * nas quickstart [--set key=value ...]            (bin/nas supplies conf/quickstart.conf)
 * nas compare    --config FILE [--set key=value ...] [--master URL]
 * nas rank       --config FILE [--set key=value ...] [--master URL]
 * nas bench supernet --space darts --C 8 --cells 5 --batch 64 --threads 1
 * nas bench eval --space nb201 --C 8 --cells 1 --stages 3 --candidates 16 --images 1024 --repeats 5
 * </pre>
 * The last line a search prints is {@code run: <uri of the run directory>}. Exit status 2 means bad
 * input (named key or file), found before any work started; 1 means the work failed.
 */
public final class NasMain {
  private static final Logger LOG = LoggerFactory.getLogger(NasMain.class);

  private NasMain() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(args);
    } catch (ConfigException | DatasetException e) {
      System.err.println("error: " + e.getMessage());
      status = 2;
    } catch (Exception e) {
      LOG.error("failed", e);
      System.err.println("error: " + e);
      if (nativeMemoryExhausted(e)) {
        System.err.printf("hint: ND4J's off-heap memory reached its cap of %d MB (org.bytedeco.javacpp.maxPhysicalBytes):"
            + " raise NAS_MAX_RSS or NAS_HEAP with bin/nas (on a cluster, the cap in the executors' extraJavaOptions"
            + " and their memory overhead), or run fewer tasks per JVM%n", Pointer.maxPhysicalBytes() >> 20);
      }
      status = 1;
    }
    System.exit(status);
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

  static int run(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.out.println(usage());
      return 0;
    }
    CommandLine cl = CommandLine.parse(args);
    switch (cl.command()) {
      case "search", "quickstart" -> {
        NasConfig checked = resolve(cl);
        SpaceSettings space = SpaceSettings.from(checked.settings());
        // the whole config is checked by now: a bad key never starts a SparkContext
        NasConfig job = withRunId(checked, RunIds.forSearch(checked, new SparkConf(true), Instant.now()));
        System.out.println("run: " + onSpark(cl, job, job.method(), (spark, runner) -> new SearchJob(job, space, runner, spark).run()));
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
    SparkSession spark = SparkSessions.getOrCreate(cl.master(), Map.of("spark.app.name", name));
    try (ParallelRunner runner = new SparkRunner(SparkSessions.javaContext(spark))) {
      ClusterExecutors.awaitFirst(spark.sparkContext(), executorWait);
      return work.run(spark, runner);
    } finally {
      spark.stop();
    }
  }

  /** The job with its run id fixed, so that the application name, the run directory and config.conf agree. */
  static NasConfig withRunId(NasConfig job, String runId) {
    return NasConfig.from(ConfigFactory.parseMap(Map.of("nas.run-id", runId)).withFallback(job.settings().config()));
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
    return NasConfig.from(config);
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
