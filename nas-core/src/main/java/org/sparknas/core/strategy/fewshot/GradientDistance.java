package org.sparknas.core.strategy.fewshot;

import java.util.Arrays;
import java.util.List;

/**
 * The distance between two children's gradients on the shared weights (specs/algorithms.md A.3,
 * {@code match_loss}), computed from the K x K Gram matrix {@code G_ij = <g_i, g_j>} so that a task
 * returns K x K numbers, never gradients. {@code cos} (the published default):
 * {@code 1 - G_ij / (sqrt(G_ii) sqrt(G_jj) + 1e-6)}; {@code mse}: {@code |g_i - g_j|^2}. The diagonal is
 * set to exactly 0 (the reference's {@code 1e-6} leaves about {@code 1e-6/|g|^2} there, and a zero
 * gradient would get 1); no partition reads it.
 */
public enum GradientDistance {
  COS("cos"),
  MSE("mse");

  private final String configName;

  GradientDistance(String configName) {
    this.configName = configName;
  }

  private double between(double[][] gram, int i, int j) {
    return switch (this) {
      case COS -> 1 - gram[i][j] / (Math.sqrt(gram[i][i]) * Math.sqrt(gram[j][j]) + 1e-6);
      case MSE -> gram[i][i] + gram[j][j] - 2 * gram[i][j];
    };
  }

  /** The symmetric distance matrix of a Gram matrix, zero on the diagonal. */
  public double[][] fromGram(double[][] gram) {
    int k = gram.length;
    double[][] d = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        d[i][j] = between(gram, i, j);
        d[j][i] = d[i][j];
      }
    }
    return d;
  }

  public String configName() {
    return configName;
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(GradientDistance::configName).toList();
  }

  public static GradientDistance of(String configName) {
    return Arrays.stream(values()).filter(c -> c.configName.equals(configName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown gradient distance '" + configName
            + "', expected one of " + configNames()));
  }
}
