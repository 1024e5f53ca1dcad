package org.sparknas.spark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DatasetException;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.bench.SupernetBenchmark;
import org.sparknas.spark.cli.CommandLine;
import org.sparknas.spark.cli.SearchJob;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.NasOverrides;
import org.sparknas.spark.session.SparkSessions;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import com.typesafe.config.Config;

/**
 * The one entry point of {@code bin/nas} and {@code spark-submit}:
 * <pre>
 * nas search     --config FILE [--set key=value ...] [--master URL]
 * nas quickstart [--set key=value ...]            (bin/nas supplies conf/quickstart.conf)
 * nas bench supernet --space darts --C 8 --cells 5 --batch 64 --threads 1
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
      status = 1;
    }
    System.exit(status);
  }

  static int run(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.out.println(usage());
      return 0;
    }
    CommandLine cl = CommandLine.parse(args);
    switch (cl.command()) {
      case "search", "quickstart" -> {
        if (cl.config() == null && cl.command().equals("search")) {
          throw new ConfigException("--config", "search needs --config FILE (a HOCON job config)");
        }
        // spark-submit passes job keys as spark.nas.<key> (it drops others); --set wins over them
        Map<String, String> overrides = new LinkedHashMap<>(NasOverrides.fromSparkConf(new SparkConf(true)));
        overrides.putAll(cl.overrides());
        Config config = ConfigLoader.load(cl.config(), overrides);
        NasConfig job = NasConfig.from(config);
        SpaceSettings space = SpaceSettings.from(job.settings());
        SparkSession spark = SparkSessions.getOrCreate(cl.master(), Map.of());
        try (ParallelRunner runner = new SparkRunner(SparkSessions.javaContext(spark))) {
          String uri = new SearchJob(job, space, runner).run();
          System.out.println("run: " + uri);
        } finally {
          spark.stop();
        }
        return 0;
      }
      case "bench supernet" -> {
        System.out.println(SupernetBenchmark.run(cl));
        return 0;
      }
      default -> throw new ConfigException("command", "unknown command '" + cl.command() + "'\n" + usage());
    }
  }

  static String usage() {
    return String.join("\n",
        "usage: nas <command> [options]",
        "  search      --config FILE [--set key=value ...] [--master URL]   run a search, write a run directory",
        "  quickstart  [--set key=value ...]                                 DARTS on nb201 / Fashion-MNIST (conf/quickstart.conf)",
        "  bench supernet --space darts|nb201 --C 8 --cells 5 --batch 64 --threads 1 [--iters 20 --warmup 3]",
        "config keys: see conf/ and nas-core/src/main/resources/sparknas-defaults.conf");
  }
}
