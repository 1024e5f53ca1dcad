package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded search through {@code NasMain.run} on {@code local[1]} and then {@code local[2]} in one
 * JVM (NasMain stops its session after each search, so the second run must get a fresh one) writes the
 * same answer: RSPS's architecture, candidate list and scores (its candidates are scored by Spark
 * tasks, two at a time on local[2], sharing one broadcast supernet), and DARTS's and SNAS's
 * architecture and supernet accuracy.
 */
@DisplayName("local[1] and local[2] give identical results through NasMain")
class LocalModesAgreeTest {

  @TempDir Path tmp;

  /** Records the description of every Spark job (installed through spark.extraListeners). */
  public static final class JobDescriptionsSeen extends SparkListener {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      SEEN.add(String.valueOf(job.properties().getProperty("spark.job.description")));
    }
  }

  @BeforeEach
  void listen() {
    TinyJobs.assertNoActiveSparkContext();
    JobDescriptionsSeen.SEEN.clear();
    System.setProperty("spark.extraListeners", JobDescriptionsSeen.class.getName());
    System.setProperty("spark.ui.enabled", "false");
  }

  @AfterEach
  void unlisten() {
    System.clearProperty("spark.extraListeners");
    System.clearProperty("spark.ui.enabled");
  }

  private JsonNode search(Path conf, String master, String runId) throws Exception {
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", master, "--set", "nas.run-id=" + runId);
    Path run = tmp.resolve("runs").resolve(runId);
    assertTrue(Files.exists(run.resolve("_SUCCESS")), "no _SUCCESS in " + run);
    return TinyJobs.json(Files.readString(run.resolve("result.json")));
  }

  @Test
  @DisplayName("RSPS: architecture, candidates and scores identical; candidates scored as job rsps/candidates")
  void rsps() throws Exception {
    Path conf = TinyJobs.conf(tmp, "rsps.conf", "rsps", tmp.resolve("runs").toString(), TinyJobs.synthetic(), "");
    JsonNode one = search(conf, "local[1]", "rsps-local1");
    JsonNode two = search(conf, "local[2]", "rsps-local2");

    assertEquals(1, one.get("executors").asInt(), "local[1] must run one task at a time");
    assertEquals(2, two.get("executors").asInt(), "local[2] must run two tasks at a time");
    assertEquals(6, one.get("candidates").size(), one.toPrettyString());
    assertEquals(one.get("architecture"), two.get("architecture"));
    assertEquals(one.get("candidates"), two.get("candidates"), "candidate list and scores");
    assertEquals(one.get("supernet"), two.get("supernet"));
    assertFalse(one.get("architecture").asText().isEmpty());
    assertEquals(List.of("rsps/candidates", "rsps/candidates"), JobDescriptionsSeen.SEEN,
        "each run scores its candidates in one Spark job named after the phase");
  }

  @Test
  @DisplayName("DARTS: architecture and supernet val_accuracy identical")
  void darts() throws Exception {
    Path conf = TinyJobs.conf(tmp, "darts.conf", "darts", tmp.resolve("runs").toString(), TinyJobs.synthetic(), "");
    JsonNode one = search(conf, "local[1]", "darts-local1");
    JsonNode two = search(conf, "local[2]", "darts-local2");

    assertEquals(one.get("architecture"), two.get("architecture"));
    assertEquals(one.get("supernet").get("val_accuracy"), two.get("supernet").get("val_accuracy"));
    assertEquals(one.get("supernet"), two.get("supernet"));
    assertTrue(one.get("architecture").asText().startsWith("|"), one.toPrettyString());
  }

  @Test
  @DisplayName("SNAS: architecture, sampled supernet score and alphas identical")
  void snas() throws Exception {
    Path conf = TinyJobs.conf(tmp, "snas.conf", "snas", tmp.resolve("runs").toString(), TinyJobs.synthetic(), "");
    JsonNode one = search(conf, "local[1]", "snas-local1");
    JsonNode two = search(conf, "local[2]", "snas-local2");

    assertEquals("snas", one.get("method").asText());
    assertTrue(one.has("alphas") && one.has("tau_final"), one.toPrettyString());
    assertEquals(one.get("architecture"), two.get("architecture"));
    assertEquals(one.get("supernet"), two.get("supernet"));
    assertEquals(one.get("alphas"), two.get("alphas"));
    assertTrue(one.get("architecture").asText().startsWith("|"), one.toPrettyString());
  }

  @Test
  @DisplayName("data-parallel DARTS (2 shards per batch, each a Spark task): identical on local[1] and local[2]")
  void dataParallelDarts() throws Exception {
    Path conf = TinyJobs.conf(tmp, "darts-dp.conf", "darts", tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        "  train { shards = 2 }");
    JsonNode one = search(conf, "local[1]", "dp-local1");
    JsonNode two = search(conf, "local[2]", "dp-local2");

    assertEquals(one.get("architecture"), two.get("architecture"));
    assertEquals(one.get("supernet"), two.get("supernet"));
    assertEquals(one.get("alphas"), two.get("alphas"));
    assertTrue(JobDescriptionsSeen.SEEN.stream().anyMatch(d -> d.startsWith("darts/epoch-1/step-1/weights")),
        "each shard pass is a Spark job: " + JobDescriptionsSeen.SEEN);
  }

  @Test
  @DisplayName("data-parallel RSPS (each path step's batch in 2 shards, each a Spark task): identical on local[1] and local[2]")
  void dataParallelRsps() throws Exception {
    Path conf = TinyJobs.conf(tmp, "rsps-dp.conf", "rsps", tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        "  train { shards = 2 }");
    JsonNode one = search(conf, "local[1]", "rsps-dp-local1");
    JsonNode two = search(conf, "local[2]", "rsps-dp-local2");

    assertEquals(one.get("architecture"), two.get("architecture"));
    assertEquals(one.get("candidates"), two.get("candidates"), "candidate list and scores (inherited weights)");
    assertEquals(one.get("supernet"), two.get("supernet"));
    assertTrue(JobDescriptionsSeen.SEEN.stream().anyMatch(d -> d.startsWith("rsps/epoch-1/step-1/weights")),
        "each shard pass is a Spark job: " + JobDescriptionsSeen.SEEN);
  }
}
