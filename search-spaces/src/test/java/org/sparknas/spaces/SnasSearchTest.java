package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.snas.SnasSearch;
import org.sparknas.core.strategy.snas.SnasSettings;
import org.sparknas.core.strategy.snas.TemperatureSchedule;
import org.sparknas.core.supernet.AlphaInit;

/** SNAS end to end on a tiny synthetic search: reproducibility from the seed, the temperature per epoch, the result's shape. */
class SnasSearchTest {
  private static final SnasSettings SETTINGS = new SnasSettings(1.0, 0.1, new AlphaInit(1, 0.01), 3e-3, 0.5, 0.999, 1e-3);

  @SuppressWarnings("unchecked")
  private static double[][] alphas(SearchResult r) {
    return ((Map<String, double[][]>) r.details().get("alphas")).get("cell");
  }

  @Test
  @DisplayName("same seed gives the same alphas, architecture, scores and metrics; another seed gives other alphas")
  void deterministic() {
    TinySearch.Run a = TinySearch.run(new SnasSearch(SETTINGS), 11);
    TinySearch.Run b = TinySearch.run(new SnasSearch(SETTINGS), 11);
    TinySearch.Run c = TinySearch.run(new SnasSearch(SETTINGS), 12);
    double[][] alphas = alphas(a.result());
    assertEquals(6, alphas.length);
    for (double[] row : alphas) {
      assertEquals(1.0, Arrays.stream(row).sum(), 1e-9, "a softmax row: " + Arrays.toString(row));
    }
    assertTrue(Arrays.stream(alphas).flatMapToDouble(Arrays::stream).anyMatch(p -> Math.abs(p - 0.2) > 1e-3),
        "alphas moved: " + Arrays.deepToString(alphas));
    for (int e = 0; e < alphas.length; e++) {
      assertArrayEquals(alphas[e], alphas(b.result())[e], 0.0, "edge " + e);
    }
    assertEquals(a.result().architecture(), b.result().architecture());
    assertEquals(a.result().supernet(), b.result().supernet());
    assertEquals(a.metrics().size(), b.metrics().size());
    for (int i = 0; i < a.metrics().size(); i++) {
      Map<String, Object> ra = a.metrics().get(i);
      Map<String, Object> rb = b.metrics().get(i);
      assertEquals(ra.get("train_loss"), rb.get("train_loss"));
      assertEquals(ra.get("val_loss"), rb.get("val_loss"));
      assertEquals(ra.get("architecture"), rb.get("architecture"));
    }
    assertFalse(Arrays.deepEquals(alphas, alphas(c.result())), "seed 12 gave the alphas of seed 11");
  }

  @Test
  @DisplayName("metrics carry tau of the linear schedule; the result is the derived architecture, scored, as the one candidate")
  void metricsAndResult() {
    TinySearch.Run run = TinySearch.run(new SnasSearch(SETTINGS), 3);
    SearchResult r = run.result();
    TemperatureSchedule tau = new TemperatureSchedule(1.0, 0.1, TinySearch.EPOCHS);
    assertEquals(TinySearch.EPOCHS, run.metrics().size());
    for (int epoch = 0; epoch < TinySearch.EPOCHS; epoch++) {
      Map<String, Object> row = run.metrics().get(epoch);
      assertEquals("snas", row.get("phase"));
      assertEquals(epoch + 1, row.get("epoch"));
      assertEquals(tau.at(epoch), (double) row.get("tau"), 0.0);
    }
    assertEquals(0.55, (double) run.metrics().get(1).get("tau"), 1e-12);
    assertEquals(r.architecture(), TinySearch.space().parse(r.architecture()).canonical());
    assertEquals(1, r.candidates().size());
    assertEquals(r.architecture(), r.candidates().get(0).architecture());
    assertEquals(r.supernet().accuracy(), r.candidates().get(0).score());
    assertEquals(TinySearch.VALID_IMAGES, r.supernet().examples());
    Map<String, Object> last = run.metrics().get(TinySearch.EPOCHS - 1);
    assertEquals(r.architecture(), last.get("architecture"));
    assertEquals(r.supernet().accuracy(), last.get("val_accuracy"));
  }
}
