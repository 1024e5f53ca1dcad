package org.sparknas.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Kendall tau-b and Spearman against values worked out by hand (the pair counts are in each comment). */
class RankCorrelationTest {
  private static final double EPS = 1e-12;

  @Test
  @DisplayName("same order: +1; reversed order: -1 (both measures)")
  void perfectAndInverse() {
    double[] x = {0.1, 0.5, 0.2, 0.9, 0.7};
    double[] same = {1, 3, 2, 5, 4};
    double[] reversed = {5, 3, 4, 1, 2};
    assertEquals(1.0, RankCorrelation.kendallTauB(x, same), EPS);
    assertEquals(1.0, RankCorrelation.spearman(x, same), EPS);
    assertEquals(-1.0, RankCorrelation.kendallTauB(x, reversed), EPS);
    assertEquals(-1.0, RankCorrelation.spearman(x, reversed), EPS);
  }

  @Test
  @DisplayName("ties in both samples: x = [1,2,2,3,4], y = [2,1,3,3,5]")
  void tiesInBoth() {
    double[] x = {1, 2, 2, 3, 4};
    double[] y = {2, 1, 3, 3, 5};
    // 10 pairs: discordant (0,1); tied in x (1,2); tied in y (2,3); the other 7 concordant.
    // tau-b = (7 - 1) / sqrt((10 - 1) (10 - 1)) = 6/9
    assertEquals(6.0 / 9.0, RankCorrelation.kendallTauB(x, y), EPS);
    // average ranks x [1, 2.5, 2.5, 4, 5], y [2, 1, 3.5, 3.5, 5]; deviations from 3:
    // sxy = 2 + 1 - 0.25 + 0.5 + 4 = 7.25, sxx = syy = 9.5
    assertArrayEquals(new double[] {2, 1, 3.5, 3.5, 5}, RankCorrelation.averageRanks(y), EPS);
    assertEquals(7.25 / 9.5, RankCorrelation.spearman(x, y), EPS);
  }

  @Test
  @DisplayName("ties in one sample only: x = [1,1,1,2], y = [1,2,3,4]")
  void tiesInOne() {
    double[] x = {1, 1, 1, 2};
    double[] y = {1, 2, 3, 4};
    // 6 pairs: 3 tied in x, the 3 pairs with index 3 concordant; tau-b = 3 / sqrt((6 - 3) (6 - 0))
    assertEquals(3 / Math.sqrt(18), RankCorrelation.kendallTauB(x, y), EPS);
    assertEquals(0.7071067811865475, RankCorrelation.kendallTauB(x, y), EPS);
    // ranks x [2,2,2,4], y [1,2,3,4]; sxy = 0.75 + 0.25 - 0.25 + 2.25 = 3, sxx = 3, syy = 5
    assertEquals(3 / Math.sqrt(15), RankCorrelation.spearman(x, y), EPS);
  }

  @Test
  @DisplayName("both measures are symmetric in their arguments, ties included")
  void symmetric() {
    double[] x = {1, 2, 2, 3, 4, 4, 0.5};
    double[] y = {3, 1, 3, 3, 5, 2, 2};
    assertEquals(RankCorrelation.kendallTauB(x, y), RankCorrelation.kendallTauB(y, x), EPS);
    assertEquals(RankCorrelation.spearman(x, y), RankCorrelation.spearman(y, x), EPS);
  }

  @Test
  @DisplayName("a constant sample has no order: NaN; unequal lengths are refused")
  void degenerate() {
    assertTrue(Double.isNaN(RankCorrelation.kendallTauB(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
    assertThrows(IllegalArgumentException.class,
        () -> RankCorrelation.kendallTauB(new double[] {1, 2}, new double[] {1, 2, 3}));
  }
}
