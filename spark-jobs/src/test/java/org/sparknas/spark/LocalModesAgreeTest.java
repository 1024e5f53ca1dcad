package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension final LocalModes modes = new LocalModes();

  /** {@code method} with {@code extra} config searched on local[1] and local[2]. */
  private LocalModes.Runs search(String name, String method, String extra) throws Exception {
    Path conf = TinyJobs.conf(tmp, name + ".conf", method, tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        extra);
    return modes.search(conf, tmp.resolve("runs"), name);
  }

  @Test
  @DisplayName("RSPS: architecture, candidates and scores identical; candidates scored as job rsps/candidates")
  void rsps() throws Exception {
    LocalModes.Runs runs = search("rsps", "rsps", "");
    runs.assertAgree("architecture", "candidates", "supernet");

    JsonNode one = runs.resultOne();
    assertEquals(1, one.get("executors").asInt(), "local[1] must run one task at a time");
    assertEquals(2, runs.resultTwo().get("executors").asInt(), "local[2] must run two tasks at a time");
    assertEquals(6, one.get("candidates").size(), one.toPrettyString());
    assertFalse(one.get("architecture").asText().isEmpty());
    List<String> oneRun = List.of("backend/auto", "rsps/candidates", "tables/metrics", "tables/candidates");
    assertEquals(Stream.concat(oneRun.stream(), oneRun.stream()).toList(), modes.jobs(),
        "each run checks nas.backend, scores its candidates in one Spark job named after the phase, then writes each table in one");
  }

  @Test
  @DisplayName("DARTS: architecture and supernet val_accuracy identical")
  void darts() throws Exception {
    LocalModes.Runs runs = search("darts", "darts", "");
    runs.assertAgree("architecture", "supernet");
    assertTrue(runs.resultOne().get("architecture").asText().startsWith("|"), runs.resultOne().toPrettyString());
  }

  @Test
  @DisplayName("SNAS: architecture, sampled supernet score and alphas identical")
  void snas() throws Exception {
    LocalModes.Runs runs = search("snas", "snas", "");
    runs.assertAgree("architecture", "supernet", "alphas", "tau_final");

    JsonNode one = runs.resultOne();
    assertEquals("snas", one.get("method").asText());
    assertTrue(one.get("architecture").asText().startsWith("|"), one.toPrettyString());
  }

  @Test
  @DisplayName("data-parallel DARTS (2 shards per batch, each a Spark task): identical on local[1] and local[2]")
  void dataParallelDarts() throws Exception {
    search("dp", "darts", "  train { shards = 2 }").assertAgree("architecture", "supernet", "alphas");
    assertTrue(modes.jobs().stream().anyMatch(d -> d.startsWith("darts/epoch-1/step-1/weights")),
        "each shard pass is a Spark job: " + modes.jobs());
  }

  @Test
  @DisplayName("data-parallel RSPS (each path step's batch in 2 shards, each a Spark task): identical on local[1] and local[2]")
  void dataParallelRsps() throws Exception {
    search("rsps-dp", "rsps", "  train { shards = 2 }").assertAgree("architecture", "candidates", "supernet");
    assertTrue(modes.jobs().stream().anyMatch(d -> d.startsWith("rsps/epoch-1/step-1/weights")),
        "each shard pass is a Spark job: " + modes.jobs());
  }
}
