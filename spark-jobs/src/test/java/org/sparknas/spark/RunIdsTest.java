package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.RunLease;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.spark.cli.RunIds;

/**
 * Run ids are fixed before Spark starts: the application name carries them, and a search whose driver
 * runs in YARN's application master takes its id from the application, so that a second attempt of the
 * application resumes the run the first left in progress.
 */
@DisplayName("run ids: explicit, fresh, or from the YARN application so that a re-attempt resumes")
class RunIdsTest {
  private static final String APP = "application_1733311234567_0007";

  @TempDir Path tmp;

  @AfterEach
  void clearProperties() {
    for (String k : List.of(RunIds.YARN_APP_ID, "spark.extraListeners", "spark.ui.enabled")) {
      System.clearProperty(k);
    }
  }

  private static NasConfig job(String... overrides) {
    Map<String, String> keys = new java.util.LinkedHashMap<>(Map.of("nas.method", "rsps"));
    for (int i = 0; i < overrides.length; i += 2) {
      keys.put(overrides[i], overrides[i + 1]);
    }
    return NasConfig.from(ConfigLoader.load(null, keys), Strategies::check);
  }

  @Test
  @DisplayName("nas.run-id wins; under YARN a search takes <method>-<application id>, rank and compare do not")
  void derivation() {
    Instant at = Instant.parse("2026-12-04T19:21:34Z");
    SparkConf plain = new SparkConf(false);
    SparkConf yarn = new SparkConf(false).set(RunIds.YARN_APP_ID, APP);
    assertEquals("mine", RunIds.forSearch(job("nas.run-id", "mine"), yarn, at));
    assertEquals("rsps-" + APP, RunIds.forSearch(job(), yarn, at));
    assertEquals(RunIds.forSearch(job(), yarn, at), RunIds.forSearch(job(), yarn, at.plusSeconds(600)),
        "every attempt derives the same id");
    assertTrue(RunIds.forSearch(job(), plain, at).matches("rsps-20261204-192134-[0-9a-f]{4}"));
    assertTrue(RunIds.forCommand(job(), "rank", at).matches("rank-20261204-192134-[0-9a-f]{4}"));
    assertTrue(RunIds.forCommand(job(), "compare", at).startsWith("compare-"), "rank and compare cannot resume");
    assertEquals("mine", RunIds.forCommand(job("nas.run-id", "mine"), "rank", at));
  }

  @Test
  @DisplayName("the lease's application attempt: YARN's id and attempt number, none outside YARN")
  void attempt() {
    assertEquals(new RunLease.Attempt(APP, 2), RunIds.attempt(new SparkConf(false).set(RunIds.YARN_APP_ID, APP)
        .set(RunIds.YARN_ATTEMPT_ID, "2")));
    assertEquals(RunLease.Attempt.NONE, RunIds.attempt(new SparkConf(false)));
  }

  /** Records the application name and cancels the candidate-scoring job once armed (the first attempt's failure). */
  public static final class FirstAttempt extends SparkListener {
    static final List<String> APP_NAMES = new CopyOnWriteArrayList<>();
    static volatile boolean failScoring;

    @Override
    public void onApplicationStart(SparkListenerApplicationStart start) {
      APP_NAMES.add(start.appName());
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      if (failScoring && "rsps/candidates".equals(job.properties().getProperty("spark.job.description"))) {
        SparkContext$.MODULE$.getActive().get().cancelJob(job.jobId());
      }
    }
  }

  @Test
  @DisplayName("a second attempt of the same YARN application resumes the first attempt's run from its checkpoint")
  void reattemptResumes() throws Exception {
    Path runs = tmp.resolve("runs");
    Path conf = TinyJobs.conf(tmp, "yarn.conf", "rsps", runs.toString(), TinyJobs.synthetic(), "");
    String[] args = {"search", "--config", conf.toString(), "--master", "local[1]"};
    System.setProperty(RunIds.YARN_APP_ID, APP);   // what YARN's application master sets for every attempt
    System.setProperty("spark.extraListeners", FirstAttempt.class.getName());
    System.setProperty("spark.ui.enabled", "false");
    FirstAttempt.APP_NAMES.clear();

    FirstAttempt.failScoring = true;
    assertThrows(Exception.class, () -> NasMain.run(args), "the first attempt fails after training");
    TinyJobs.assertNoActiveSparkContext();
    String runId = "rsps-" + APP;
    assertTrue(Files.exists(runs.resolve("." + runId + ".inprogress/checkpoints/rsps.ser")));

    FirstAttempt.failScoring = false;
    TinyJobs.runOk(args);

    try (Stream<Path> dirs = Files.list(runs)) {
      assertEquals(List.of(runId), dirs.map(p -> p.getFileName().toString()).toList(), "one run, no second id");
    }
    Path run = runs.resolve(runId);
    assertTrue(Files.exists(run.resolve("_SUCCESS")));
    List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(1, metrics.size(), "the epoch row of the first attempt, not trained again");
    assertTrue(metrics.get(0).contains("\"epoch\":1"), metrics.toString());
    List<String> events = Files.readAllLines(run.resolve("events.jsonl"));
    assertEquals(1, events.size(), "the candidates row of the second attempt");
    assertTrue(events.get(0).contains("rsps/candidates"), events.toString());
    assertTrue(Files.readString(run.resolve("config.conf")).contains(runId), "config.conf records the run id");
    assertEquals(List.of("SparkNAS rsps " + runId, "SparkNAS rsps " + runId), FirstAttempt.APP_NAMES);
  }
}
