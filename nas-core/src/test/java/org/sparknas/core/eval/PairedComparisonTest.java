package org.sparknas.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  @Test
  void aConsistentShiftIsSignificantByTheTTestAndAtWilcoxonsFloor() {
    double[] a = {1, 2, 3, 4, 5};
    double[] b = {1.5, 2.6, 3.4, 4.55, 5.45};
    PairedComparison c = PairedComparison.of(a, b);
    assertEquals(5, c.pairs());
    assertEquals(0.5, c.meanDifference(), 1e-12);
    // differences 0.5, 0.6, 0.4, 0.55, 0.45: sample sd sqrt(0.025 / 4)
    assertEquals(Math.sqrt(0.025 / 4), c.sdDifference(), 1e-12);
    // t = 0.5 / (0.0790569 / sqrt 5) = 14.14 with 4 degrees of freedom: p = 1.451e-4
    assertEquals(1.451e-4, c.tTestP(), 0.005e-4);
    // all five differences positive: exact two-sided p = 2 / 2^5
    assertEquals(0.0625, c.wilcoxonP(), 1e-12);
    PairedComparison reversed = PairedComparison.of(b, a);
    assertEquals(-0.5, reversed.meanDifference(), 1e-12);
    assertEquals(c.tTestP(), reversed.tTestP(), 1e-12);
    assertEquals(c.wilcoxonP(), reversed.wilcoxonP(), 1e-12);
  }

  @Test
  void noiseAroundZeroIsNot() {
    double[] a = {0.3, 0.2, 0.5, 0.4, 0.1};
    double[] b = {0.4, 0.1, 0.7, 0.2, 0.15};
    PairedComparison c = PairedComparison.of(a, b);
    assertTrue(c.tTestP() > 0.5, "t-test p " + c.tTestP());
    assertTrue(c.wilcoxonP() > 0.5, "wilcoxon p " + c.wilcoxonP());
  }

  @Test
  void undefinedTestsAreNanAndNullInJson() {
    PairedComparison same = PairedComparison.of(new double[] {1, 2}, new double[] {1, 2});
    assertTrue(Double.isNaN(same.tTestP()) && Double.isNaN(same.wilcoxonP()));
    assertEquals(null, same.toJson().get("t_test_p"));
    PairedComparison one = PairedComparison.of(new double[] {1}, new double[] {2});
    assertTrue(Double.isNaN(one.sdDifference()) && Double.isNaN(one.tTestP()));
    assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new double[] {1}, new double[0]));
  }
}
