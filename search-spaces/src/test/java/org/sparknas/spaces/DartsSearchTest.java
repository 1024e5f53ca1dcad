package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.darts.DartsSettings;

/** DARTS end to end on a tiny synthetic search: the result's shape, and reproducibility from the seed. */
class DartsSearchTest {

  private static TinySearch.Run darts(int order, long seed) {
    // arch lr 10x the DARTS default, so 6 steps move alpha visibly away from its initial values
    return TinySearch.run(new DartsSearch(new DartsSettings(order, 3e-3, 0.5, 0.999, 1e-3)), seed);
  }

  @SuppressWarnings("unchecked")
  private static double[][] alphas(SearchResult r) {
    return ((Map<String, double[][]>) r.details().get("alphas")).get("cell");
  }

  @ParameterizedTest(name = "order {0}")
  @ValueSource(ints = {1, 2})
  @DisplayName("same seed gives the same alphas, genotype and metrics; another seed gives other alphas")
  void deterministic(int order) {
    TinySearch.Run a = darts(order, 11);
    TinySearch.Run b = darts(order, 11);
    TinySearch.Run c = darts(order, 12);
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

  @ParameterizedTest(name = "order {0}")
  @ValueSource(ints = {1})
  @DisplayName("result: the derived genotype, scored on the validation half, as the one supernet candidate")
  void resultShape(int order) {
    TinySearch.Run run = darts(order, 3);
    SearchResult r = run.result();
    assertEquals(r.architecture(), TinySearch.space().parse(r.architecture()).canonical());
    assertEquals(1, r.candidates().size());
    assertEquals(r.architecture(), r.candidates().get(0).architecture());
    assertEquals("supernet", r.candidates().get(0).source());
    assertEquals(r.supernet().accuracy(), r.candidates().get(0).score());
    assertEquals(TinySearch.VALID_IMAGES, r.supernet().examples());
    assertTrue(r.supernet().accuracy() >= 0 && r.supernet().accuracy() <= 1);
    assertEquals(order, r.details().get("order"));
    assertEquals(TinySearch.EPOCHS, run.metrics().size());
    Map<String, Object> last = run.metrics().get(TinySearch.EPOCHS - 1);
    assertEquals(TinySearch.EPOCHS, last.get("epoch"));
    assertEquals(r.architecture(), last.get("architecture"));
    assertEquals(r.supernet().accuracy(), last.get("val_accuracy"));
  }
}
