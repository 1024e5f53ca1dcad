package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.supernet.ParameterSet;

/** LARS against steps computed by hand (OpenSelfSup's update rule, specs/algorithms.md B.6). */
class LarsTest {

  private static ParameterSet params() {
    ParameterSet s = new ParameterSet();
    s.put("conv/w", Nd4j.createFromArray(3.0, 0.0, 0.0, 4.0).reshape(2, 1, 1, 2));
    s.put("bn/gamma", Nd4j.createFromArray(1.0, -1.0));
    s.put("untouched", Nd4j.createFromArray(7.0, 8.0, 9.0, 1.0).reshape(2, 2));
    return s;
  }

  private static double[] flat(ParameterSet s, String name) {
    return s.get(name).reshape(s.get(name).length()).toDoubleVector();
  }

  @Test
  @DisplayName("one step by hand: a 2x1x1x2 kernel with ||w|| = 5, ||g|| = 1, eta 1e-3, wd 0.01, lr 2 moves w by exactly (0.006, 0.008)")
  void handStep() {
    // local = 0.001 * 5 / (1 + 0.01 * 5) = 0.005 / 1.05; d = 2 * local * (g + 0.01 w) = (0.006, 0.008)
    ParameterSet s = params();
    Lars lars = new Lars(0.9, 0.01, 0.001, LarsExclusion.VECTORS);
    lars.step(s, Map.of("conv/w", Nd4j.createFromArray(0.6, 0.0, 0.0, 0.8).reshape(2, 1, 1, 2)), 2.0);
    assertArrayEquals(new double[] {2.994, 0, 0, 3.992}, flat(s, "conv/w"), 1e-12);

    // second step, same gradient: ||w|| = 4.99, buf = 0.9 * (0.006, 0.008) + 2 * local' * (g + 0.01 w)
    double local = 0.001 * 4.99 / (1 + 0.01 * 4.99);
    double[] expected = {
        2.994 - (0.9 * 0.006 + 2 * local * (0.6 + 0.01 * 2.994)), 0, 0,
        3.992 - (0.9 * 0.008 + 2 * local * (0.8 + 0.01 * 3.992))};
    lars.step(s, Map.of("conv/w", Nd4j.createFromArray(0.6, 0.0, 0.0, 0.8).reshape(2, 1, 1, 2)), 2.0);
    assertArrayEquals(expected, flat(s, "conv/w"), 1e-12);
    assertArrayEquals(new double[] {7, 8, 9, 1}, flat(s, "untouched"), 0, "parameter without gradient");
  }

  @Test
  @DisplayName("batch-norm and bias vectors take the plain learning rate and no weight decay")
  void excludedParameter() {
    ParameterSet s = params();
    Lars lars = new Lars(0.9, 0.01, 0.001, LarsExclusion.VECTORS);
    lars.step(s, Map.of("bn/gamma", Nd4j.createFromArray(0.5, 0.25)), 2.0);
    assertArrayEquals(new double[] {0.0, -1.5}, s.get("bn/gamma").toDoubleVector(), 1e-12);
    lars.step(s, Map.of("bn/gamma", Nd4j.createFromArray(0.5, 0.25)), 2.0);   // buf = 0.9 (1, 0.5) + (1, 0.5)
    assertArrayEquals(new double[] {-1.9, -2.45}, s.get("bn/gamma").toDoubleVector(), 1e-12);
  }

  @Test
  @DisplayName("a gradient of exact zeros is skipped: no decay, no momentum buffer")
  void zeroGradientSkipped() {
    ParameterSet s = params();
    Lars lars = new Lars(0.9, 0.01, 0.001, LarsExclusion.NONE);
    lars.step(s, Map.of("untouched", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 2)), 2.0);
    assertArrayEquals(new double[] {7, 8, 9, 1}, flat(s, "untouched"), 0);
    assertNull(lars.momentumBuffer("untouched"));
  }

  @Test
  @DisplayName("exclusion by shape: vectors in any layout are excluded, matrices and kernels are not; names can add more")
  void exclusion() {
    assertTrue(LarsExclusion.VECTORS.excluded("x", new long[] {16}));
    assertTrue(LarsExclusion.VECTORS.excluded("x", new long[] {1, 16}));
    assertTrue(LarsExclusion.VECTORS.excluded("x", new long[] {1, 16, 1, 1}));
    assertFalse(LarsExclusion.VECTORS.excluded("x", new long[] {16, 8}));
    assertFalse(LarsExclusion.VECTORS.excluded("x", new long[] {8, 3, 3, 3}));
    LarsExclusion byName = LarsExclusion.VECTORS.or(LarsExclusion.namesMatching("(.+[./])?bn[0-9]*[./](gamma|beta)"));
    assertTrue(byName.excluded("block1/bn2/gamma", new long[] {4, 4}));
    assertFalse(byName.excluded("block1/conv2/w", new long[] {4, 4}));
  }

  @Test
  @DisplayName("a copy carries the momentum buffer and then evolves independently")
  void copy() {
    ParameterSet a = params();
    Lars lars = new Lars(0.9, 0.01, 0.001, LarsExclusion.VECTORS);
    lars.step(a, Map.of("bn/gamma", Nd4j.createFromArray(0.5, 0.25)), 2.0);
    ParameterSet b = a.copy();
    Lars twin = lars.copy();
    lars.step(a, Map.of("bn/gamma", Nd4j.createFromArray(0.5, 0.25)), 2.0);
    twin.step(b, Map.of("bn/gamma", Nd4j.createFromArray(0.5, 0.25)), 2.0);
    assertArrayEquals(a.get("bn/gamma").toDoubleVector(), b.get("bn/gamma").toDoubleVector(), 0);
    assertArrayEquals(new double[] {1.9, 0.95}, twin.momentumBuffer("bn/gamma").toDoubleVector(), 1e-12);
  }
}
