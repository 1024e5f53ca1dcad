package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("gradient distances from a Gram matrix equal the direct formulas on the vectors")
class GradientDistanceTest {

  private static final double[][] G = {{1, 2, 0}, {-2, -4, 0.5}, {3, 1, -1}, {0, 0, 0}};

  private static double[][] gram() {
    double[][] gram = new double[G.length][G.length];
    for (int i = 0; i < G.length; i++) {
      for (int j = 0; j < G.length; j++) {
        gram[i][j] = dot(G[i], G[j]);
      }
    }
    return gram;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int n = 0; n < a.length; n++) {
      s += a[n] * b[n];
    }
    return s;
  }

  @Test
  @DisplayName("cos: 1 - <gi,gj>/(|gi||gj| + 1e-6); opposite vectors near 2, a zero gradient 1; diagonal 0")
  void cos() {
    double[][] d = GradientDistance.COS.fromGram(gram());
    for (int i = 0; i < G.length; i++) {
      assertEquals(0.0, d[i][i]);
      for (int j = 0; j < G.length; j++) {
        if (i != j) {
          double direct = 1 - dot(G[i], G[j]) / (Math.sqrt(dot(G[i], G[i])) * Math.sqrt(dot(G[j], G[j])) + 1e-6);
          assertEquals(direct, d[i][j], 1e-12, i + "," + j);
          assertEquals(d[j][i], d[i][j]);
        }
      }
    }
    assertEquals(2.0, d[0][1], 0.02, "g1 is nearly -2 g0");
    assertEquals(1.0, d[0][3], 1e-12, "a zero gradient is orthogonal to everything");
  }

  @Test
  @DisplayName("mse: |gi - gj|^2")
  void mse() {
    double[][] d = GradientDistance.MSE.fromGram(gram());
    for (int i = 0; i < G.length; i++) {
      for (int j = 0; j < G.length; j++) {
        double s = 0;
        for (int n = 0; n < 3; n++) {
          s += (G[i][n] - G[j][n]) * (G[i][n] - G[j][n]);
        }
        assertEquals(i == j ? 0 : s, d[i][j], 1e-12, i + "," + j);
      }
    }
  }
}
