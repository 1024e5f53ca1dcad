package org.sparknas.core.strategy.bossnas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The loss of specs/algorithms.md B.3 step 5 against hand computations and finite differences. */
class BootstrapLossTest {

  private static INDArray m(double[][] rows) {
    return Nd4j.createFromArray(rows);
  }

  static INDArray random(SplittableRandom rng, int n, int d) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return Nd4j.createFromArray(x);
  }

  @Test
  @DisplayName("l(p, z) by hand: rows (3,4).(4,3) have cosine 0.96, rows (1,0).(0,2) cosine 0, so l = -(2/2)(0.96 + 0)")
  void lossByHand() {
    INDArray p = m(new double[][] {{3, 4}, {1, 0}});
    INDArray z = m(new double[][] {{4, 3}, {0, 2}});
    assertEquals(-0.96, BootstrapLoss.loss(p, z), 1e-15);
    assertEquals(-2.0, BootstrapLoss.loss(p, p.mul(5)), 1e-15);
    assertEquals(2.0, BootstrapLoss.loss(p, p.neg()), 1e-15);
  }

  @Test
  @DisplayName("the target ensemble is the mean of row-normalised projections: (3,4) and (0,2) give (0.3, 0.9)")
  void ensembleByHand() {
    ProjectionPair a = new ProjectionPair(m(new double[][] {{3, 4}}), m(new double[][] {{2, 0}}));
    ProjectionPair b = new ProjectionPair(m(new double[][] {{0, 2}}), m(new double[][] {{0, -5}}));
    ProjectionPair zbar = BootstrapLoss.targetEnsemble(List.of(a, b));
    assertArrayEquals(new double[] {0.3, 0.9}, zbar.view1().toDoubleVector(), 1e-15);
    assertArrayEquals(new double[] {0.5, -0.5}, zbar.view2().toDoubleVector(), 1e-15);
    assertArrayEquals(new double[] {3, 4}, a.view1().toDoubleVector(), 0, "inputs unchanged");
  }

  @Test
  @DisplayName("path loss by hand: each view's prediction regresses the other view's ensemble target")
  void pathLossByHand() {
    // p1 = (1,0) vs zbar(v2) = (0.5,-0.5): cos = 1/sqrt(2); p2 = (0,3) vs zbar(v1) = (0.3,0.9): cos = 0.9/sqrt(0.9)
    ProjectionPair zbar = new ProjectionPair(m(new double[][] {{0.3, 0.9}}), m(new double[][] {{0.5, -0.5}}));
    ProjectionPair p = new ProjectionPair(m(new double[][] {{1, 0}}), m(new double[][] {{0, 3}}));
    double expected = -2 * (1 / Math.sqrt(2)) - 2 * (0.9 / Math.sqrt(0.9));
    assertEquals(expected, BootstrapLoss.pathLoss(p, zbar), 1e-14);
  }

  @Test
  @DisplayName("the gradient matches central finite differences")
  void gradient() {
    SplittableRandom rng = new SplittableRandom(4);
    INDArray p = random(rng, 3, 5);
    INDArray z = random(rng, 3, 5);
    INDArray g = BootstrapLoss.gradient(p, z);
    double h = 1e-6;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 5; j++) {
        INDArray plus = p.dup();
        plus.putScalar(i, j, p.getDouble(i, j) + h);
        INDArray minus = p.dup();
        minus.putScalar(i, j, p.getDouble(i, j) - h);
        double numeric = (BootstrapLoss.loss(plus, z) - BootstrapLoss.loss(minus, z)) / (2 * h);
        assertEquals(numeric, g.getDouble(i, j), 1e-8, "entry " + i + "," + j);
      }
    }
    ProjectionPair pair = BootstrapLoss.pathLossGradient(new ProjectionPair(p, z), new ProjectionPair(z, p));
    assertArrayEquals(BootstrapLoss.gradient(p, p).data().asDouble(), pair.view1().data().asDouble(), 0);
  }

  @Test
  @DisplayName("mismatched shapes fail")
  void shapes() {
    assertThrows(IllegalArgumentException.class, () -> BootstrapLoss.loss(Nd4j.ones(2, 3), Nd4j.ones(3, 2)));
    assertThrows(IllegalArgumentException.class, () -> new ProjectionPair(Nd4j.ones(2, 3), Nd4j.ones(2, 4)));
  }
}
