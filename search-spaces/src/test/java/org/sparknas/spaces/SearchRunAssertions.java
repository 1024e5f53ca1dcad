package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sparknas.core.strategy.SearchResult;

/** Assertions on {@link TinySearch} runs of the supernet methods (DARTS, SNAS, SD-DARTS), shared by their tests. */
final class SearchRunAssertions {
  private SearchRunAssertions() {}

  /** softmax(alpha) of the tiny nb201 cell, from the result's details. */
  @SuppressWarnings("unchecked")
  static double[][] cellAlphas(SearchResult r) {
    return ((Map<String, double[][]>) r.details().get("alphas")).get("cell");
  }

  /**
   * The seed decides the run: {@code a} and {@code sameSeed} agree exactly (alphas, architecture, supernet
   * score, every metrics row), {@code otherSeed} ends with other alphas; the alphas are softmax rows that
   * moved away from uniform.
   */
  static void assertSeedDetermines(TinySearch.Run a, TinySearch.Run sameSeed, TinySearch.Run otherSeed) {
    double[][] alphas = cellAlphas(a.result());
    assertEquals(6, alphas.length);
    for (double[] row : alphas) {
      assertEquals(1.0, Arrays.stream(row).sum(), 1e-9, "a softmax row: " + Arrays.toString(row));
    }
    assertTrue(Arrays.stream(alphas).flatMapToDouble(Arrays::stream).anyMatch(p -> Math.abs(p - 0.2) > 1e-3),
        "alphas moved: " + Arrays.deepToString(alphas));
    assertAlphasEqual(a.result().details().get("alphas"), sameSeed.result().details().get("alphas"));
    assertEquals(a.result().architecture(), sameSeed.result().architecture());
    assertEquals(a.result().supernet(), sameSeed.result().supernet());
    assertEquals(a.metrics().size(), sameSeed.metrics().size());
    for (int i = 0; i < a.metrics().size(); i++) {
      assertRowsEqual(a.metrics().get(i), sameSeed.metrics().get(i));
    }
    assertFalse(Arrays.deepEquals(alphas, cellAlphas(otherSeed.result())), "another seed gave the same alphas");
  }

  /**
   * The result is the derived architecture (a canonical string), scored on the validation half, as the
   * one supernet candidate, and it is what the last of the {@link TinySearch#EPOCHS} metrics rows records.
   */
  static void assertSupernetCandidate(TinySearch.Run run) {
    SearchResult r = run.result();
    assertEquals(r.architecture(), TinySearch.space().parse(r.architecture()).canonical());
    assertEquals(1, r.candidates().size());
    assertEquals(r.architecture(), r.candidates().get(0).architecture());
    assertEquals("supernet", r.candidates().get(0).source());
    assertEquals(r.supernet().accuracy(), r.candidates().get(0).score());
    assertEquals(TinySearch.VALID_IMAGES, r.supernet().examples());
    assertTrue(r.supernet().accuracy() >= 0 && r.supernet().accuracy() <= 1);
    assertEquals(TinySearch.EPOCHS, run.metrics().size());
    Map<String, Object> last = run.metrics().get(TinySearch.EPOCHS - 1);
    assertEquals(TinySearch.EPOCHS, last.get("epoch"));
    assertEquals(r.architecture(), last.get("architecture"));
    assertEquals(r.supernet().accuracy(), last.get("val_accuracy"));
  }

  /**
   * A run resumed from the checkpoint before the last epoch ({@link TinySearch#crashAndResume}) trained
   * only that epoch and ends where the uninterrupted run {@code whole} ends: the same last metrics row,
   * architecture, supernet score and alphas.
   */
  static void assertResumedAsWhole(TinySearch.Run whole, TinySearch.Run resumed) {
    assertEquals(1, resumed.metrics().size(), "only the epoch after the checkpoint runs again");
    assertRowsEqual(whole.metrics().get(TinySearch.EPOCHS - 1), resumed.metrics().get(0));
    assertEquals(whole.result().architecture(), resumed.result().architecture());
    assertEquals(whole.result().supernet(), resumed.result().supernet());
    assertAlphasEqual(whole.result().details().get("alphas"), resumed.result().details().get("alphas"));
  }

  /** Metrics rows equal entry by entry, the alpha matrices by value. */
  static void assertRowsEqual(Map<String, Object> expected, Map<String, Object> actual) {
    Map<String, Object> e = new LinkedHashMap<>(expected);
    Map<String, Object> a = new LinkedHashMap<>(actual);
    assertAlphasEqual(e.remove("alphas"), a.remove("alphas"));
    assertEquals(e, a);
  }

  /** Two {@code alphas} values (softmax matrix per alpha group) equal exactly. */
  @SuppressWarnings("unchecked")
  static void assertAlphasEqual(Object expected, Object actual) {
    Map<String, double[][]> e = (Map<String, double[][]>) expected;
    Map<String, double[][]> a = (Map<String, double[][]>) actual;
    assertEquals(e.keySet(), a.keySet());
    for (String g : e.keySet()) {
      assertEquals(e.get(g).length, a.get(g).length, g + " rows");
      for (int row = 0; row < e.get(g).length; row++) {
        assertArrayEquals(e.get(g)[row], a.get(g)[row], 0.0, g + " row " + row);
      }
    }
  }
}
