package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.Strategies;

/**
 * SD-DARTS end to end on the tiny synthetic search: deterministic for a seed, distils once it has
 * teachers, differs from DARTS, resumes exactly (the checkpoint carries the teacher buffer), and logs
 * the {@code nas.analysis} columns, as DARTS does.
 */
class SddartsSearchTest {

  private static SearchStrategy strategy(String method, Map<String, String> extra) {
    Map<String, String> keys = new LinkedHashMap<>(Map.of("nas.darts.arch-lr", "3e-3", "nas.sddarts.teachers", "2",
        "nas.analysis.sharpness", "true", "nas.analysis.sharpness-iterations", "3",
        "nas.analysis.sharpness-batches", "1", "nas.analysis.gap", "true", "nas.analysis.recalibration-batches", "2"));
    keys.putAll(extra);
    return Strategies.create(method, new Settings(ConfigLoader.load(null, keys)));
  }

  private static SearchStrategy sddarts() {
    return strategy("sddarts", Map.of());
  }

  /** The reference run, shared by the tests that only read it. */
  private static TinySearch.Run seed11;

  @BeforeAll
  static void referenceRun() {
    seed11 = TinySearch.run(sddarts(), 11);
  }

  @Test
  @DisplayName("same seed, same metrics and alphas; teachers fill up and the distillation term is active")
  void deterministic() {
    TinySearch.Run a = seed11;
    TinySearch.Run b = TinySearch.run(sddarts(), 11);
    assertEquals(a.metrics().size(), b.metrics().size());
    for (int i = 0; i < a.metrics().size(); i++) {
      SearchRunAssertions.assertRowsEqual(a.metrics().get(i), b.metrics().get(i));
    }
    assertEquals(a.result().architecture(), b.result().architecture());
    assertEquals(a.result().supernet(), b.result().supernet());
    Map<String, Object> first = a.metrics().get(0);
    assertEquals(2, first.get("teachers"));
    assertEquals(2, first.get("distilled_steps"), "3 steps, the first has no teacher yet");
    assertTrue((double) first.get("distillation_kl") > 0, "students differ from their teachers: " + first);
    for (Map<String, Object> row : a.metrics()) {
      assertTrue(Double.isFinite((double) row.get("sharpness")), "sharpness in " + row);
      double gap = (double) row.get("gap");
      assertEquals((double) row.get("val_accuracy") - (double) row.get("derived_val_accuracy"), gap, 1e-12);
    }
    assertEquals("sddarts", a.metrics().get(0).get("phase"));
    assertEquals(2, a.result().details().get("teachers"));
    assertEquals("mean-probs", a.result().details().get("vote"));
  }

  @Test
  @DisplayName("the distillation changes the trajectory: SD-DARTS and DARTS differ from the second step on; lambda 0 is DARTS")
  void differsFromDarts() {
    TinySearch.Run sd = seed11;
    TinySearch.Run darts = TinySearch.run(strategy("darts", Map.of()), 11);
    TinySearch.Run plain = TinySearch.run(strategy("sddarts", Map.of("nas.sddarts.lambda", "0")), 11);
    assertNotEquals(darts.metrics().get(0).get("train_loss"), sd.metrics().get(0).get("train_loss"));
    for (int i = 0; i < darts.metrics().size(); i++) {
      for (String k : List.of("train_loss", "val_loss", "architecture", "sharpness", "gap")) {
        assertEquals(darts.metrics().get(i).get(k), plain.metrics().get(i).get(k), k + " of epoch " + (i + 1));
      }
    }
  }

  @Test
  @DisplayName("crash at the last epoch, resume from the checkpoint (teacher buffer included): same row and result")
  void resume() {
    SearchRunAssertions.assertResumedAsWhole(TinySearch.run(sddarts(), 13), TinySearch.crashAndResume(
        SddartsSearchTest::sddarts, 13));
  }

  @Test
  @DisplayName("bad SD-DARTS settings fail with the key: unknown vote, distill-arch with second order, shards")
  void badSettings() {
    ConfigException vote = assertThrows(ConfigException.class,
        () -> strategy("darts", Map.of("nas.sddarts.vote", "median")));
    assertTrue(vote.getMessage().contains("nas.sddarts.vote"), vote.getMessage());
    ConfigException arch = assertThrows(ConfigException.class,
        () -> strategy("sddarts", Map.of("nas.sddarts.distill-arch", "true", "nas.darts.order", "2")));
    assertTrue(arch.getMessage().contains("nas.sddarts.distill-arch"), arch.getMessage());
    ConfigException shards = assertThrows(ConfigException.class,
        () -> strategy("sddarts", Map.of("nas.train.shards", "2")));
    assertTrue(shards.getMessage().contains("nas.train.shards"), shards.getMessage());
  }
}
