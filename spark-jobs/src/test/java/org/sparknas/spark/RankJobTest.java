package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigException;

/**
 * {@code nas rank} end to end on a tiny synthetic study (6 architectures, each trained from scratch as a
 * Spark task; a one-shot RSPS supernet; the few-shot split of edge 0 into 5 sub-supernets): the run
 * directory holds rank.json, the table and the scatter plots, and local[1] and local[2] give the same numbers. Bad rank settings fail before Spark starts.
 */
@DisplayName("nas rank: ranking study through NasMain")
class RankJobTest {
  private static final int ARCHITECTURES = 6;
  private static final String RANK = String.join("\n",
      "  data { synthetic { size = 192, classes = 4, height = 8, width = 8 } }",
      "  train { epochs = 6, lr = 0.05 }",
      "  retrain { epochs = 2, lr = 0.05 }",
      "  rank { architectures = " + ARCHITECTURES + ", arms = [one-shot, few-shot-op] }");

  @TempDir Path tmp;

  @BeforeEach
  void quiet() {
    TinyJobs.assertNoActiveSparkContext();
    System.setProperty("spark.ui.enabled", "false");
  }

  @AfterEach
  void unquiet() {
    System.clearProperty("spark.ui.enabled");
  }

  private Path conf() throws Exception {
    return TinyJobs.conf(tmp, "rank.conf", "rsps", tmp.resolve("runs").toString(), TinyJobs.synthetic(), RANK);
  }

  private JsonNode rank(String master, String runId) throws Exception {
    TinyJobs.runOk("rank", "--config", conf().toString(), "--master", master, "--set", "nas.run-id=" + runId);
    Path run = tmp.resolve("runs").resolve(runId);
    assertTrue(Files.exists(run.resolve("_SUCCESS")), "no _SUCCESS in " + run);
    assertTrue(Files.size(run.resolve("report/rank-one-shot.png")) > 0);
    assertTrue(Files.size(run.resolve("report/rank-few-shot-op.png")) > 0);
    assertTrue(Files.readString(run.resolve("report/rank.txt")).contains("kendall_tau_b"));
    assertTrue(Files.readString(run.resolve("metrics.jsonl")).contains("rank/one-shot"));
    return TinyJobs.json(Files.readString(run.resolve("rank.json")));
  }

  @Test
  @DisplayName("rank.json: M distinct architectures with curves and scores, correlations in [-1, 1]; local[1] == local[2]")
  void endToEnd() throws Exception {
    JsonNode one = rank("local[1]", "rank-local1");
    JsonNode two = rank("local[2]", "rank-local2");

    JsonNode entries = one.get("entries");
    assertEquals(ARCHITECTURES, entries.size(), one.toPrettyString());
    Set<String> distinct = new HashSet<>();
    for (JsonNode e : entries) {
      distinct.add(e.get("architecture").asText());
      assertEquals(2, e.get("val_accuracy_curve").size());
      assertEquals(e.get("val_accuracy_curve").get(1).asDouble(), e.get("ground_truth").asDouble());
      for (String arm : new String[] {"one-shot", "few-shot-op"}) {
        double score = e.get("scores").get(arm).asDouble();
        assertTrue(score >= 0 && score <= 1, e.toString());
      }
    }
    assertEquals(ARCHITECTURES, distinct.size());
    assertEquals(2, one.get("arms").size());
    for (JsonNode arm : one.get("arms")) {
      for (String measure : new String[] {"kendall_tau_b", "spearman"}) {
        assertTrue(arm.get(measure).isNumber(), measure + " must be defined: " + one.toPrettyString());
        double v = arm.get(measure).asDouble();
        assertTrue(v >= -1 && v <= 1, measure + " = " + v);
      }
    }
    // 96 weight-half images in batches of 16: 6 steps per epoch. One-shot: 6 epochs; few-shot-op: 3 epochs
    // one-shot, then 3 epochs of 6 / 5 = 1 step for each of its 5 sub-supernets; each architecture: 2 epochs
    JsonNode oneShot = one.get("arms").get(0);
    JsonNode fewShot = one.get("arms").get(1);
    assertEquals("one-shot", oneShot.get("name").asText());
    assertEquals(36, oneShot.get("budget").get("weight_steps").asInt());
    assertEquals(1, oneShot.get("members").asInt());
    assertEquals("few-shot-op", fewShot.get("name").asText());
    assertEquals(3 * 6 + 3 * 5, fewShot.get("budget").get("weight_steps").asInt());
    assertEquals(5, fewShot.get("members").asInt());
    assertEquals(ARCHITECTURES * 12, one.get("scratch").get("weight_steps").asInt());

    assertEquals(entries, two.get("entries"), "from-scratch curves and scores identical on local[1] and local[2]");
    for (int a = 0; a < 2; a++) {
      assertEquals(one.get("arms").get(a).get("kendall_tau_b"), two.get("arms").get(a).get("kendall_tau_b"));
      assertEquals(one.get("arms").get(a).get("spearman"), two.get("arms").get(a).get("spearman"));
    }
  }

  @Test
  @DisplayName("GM-NAS arm: one gradient-matching split, two sub-supernets on the one-shot budget, each architecture scored")
  void gmFewShotArm() throws Exception {
    TinyJobs.runOk("rank", "--config", conf().toString(), "--master", "local[2]", "--set", "nas.run-id=gm",
        "--set", "rank.arms=[few-shot]", "--set", "train.epochs=4", "--set", "retrain.epochs=1",
        "--set", "fewshot.split-epochs=[1]", "--set", "fewshot.gm.repeats=2");
    JsonNode gm = TinyJobs.json(Files.readString(tmp.resolve("runs/gm/rank.json")));
    JsonNode arm = gm.get("arms").get(0);
    assertEquals("few-shot", arm.get("name").asText());
    assertEquals(2, arm.get("members").asInt());
    // 6 steps per epoch: the root 2 epochs, then each of the 2 sub-supernets 1 epoch = 4 epochs of steps
    assertEquals(4 * 6, arm.get("budget").get("weight_steps").asInt());
    for (JsonNode e : gm.get("entries")) {
      double score = e.get("scores").get("few-shot").asDouble();
      assertTrue(score >= 0 && score <= 1, e.toString());
    }
  }

  @Test
  @DisplayName("bad rank settings fail with ConfigException naming the key before any training, most before Spark starts")
  void badSettings() throws Exception {
    Path conf = conf();
    Path runs = tmp.resolve("runs");
    assertEquals("nas.rank.arms", assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"rank", "--config", conf.toString(), "--set", "rank.arms=[two-shot]"})).key());
    assertEquals("nas.rank.architectures", assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"rank", "--config", conf.toString(), "--set", "rank.architectures=1"})).key());
    assertEquals("nas.retrain.epochs", assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"rank", "--config", conf.toString(), "--set", "retrain.epochs=0"})).key());
    assertEquals("nas.rank.archs", assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"rank", "--config", conf.toString(), "--set", "rank.archs=3"})).key());
    assertEquals("--config", assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"rank"})).key());
    TinyJobs.assertNoActiveSparkContext();
    assertFalse(Files.exists(runs), "no run directory may exist");
    // the space decides which edges exist: checked once it is built, still before any training
    ConfigException edge = assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"rank", "--config", conf.toString(), "--set", "rank.split-edge=6"}));
    assertEquals("nas.rank.split-edge", edge.key());
    ConfigException few = assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"rank", "--config", conf.toString(), "--set", "rank.arms=[one-shot, few-shot]",
            "--set", "fewshot.split-epochs=[1]"}));
    assertEquals("nas.train.epochs", few.key());
    assertTrue(few.getMessage().contains("multiple of 4"), few.getMessage());
    assertTrue(edge.getMessage().contains("0..5"), edge.getMessage());
    assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "no run directory may exist");
  }
}
