package org.sparknas.core.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Rank correlations between two paired samples (ground-truth accuracies and supernet scores, say),
 * both defined with ties: Kendall's tau-b and Spearman's rho as the Pearson correlation of average
 * ranks. Either is {@code NaN} when one sample is constant (no order to agree with), as in SciPy.
 * <pre>{@code
 * double tau = RankCorrelation.kendallTauB(truth, scores);
 * double rho = RankCorrelation.spearman(truth, scores);
 * }</pre>
 */
public final class RankCorrelation {
  private RankCorrelation() {}

  /**
   * {@code (concordant - discordant) / sqrt((n0 - tiesX) (n0 - tiesY))} over all pairs, where
   * {@code n0 = n (n - 1) / 2} and {@code tiesX} counts the pairs tied in x (likewise y); a pair tied in
   * either sample is neither concordant nor discordant.
   */
  public static double kendallTauB(double[] x, double[] y) {
    requirePaired(x, y);
    long concordant = 0;
    long discordant = 0;
    long tiedX = 0;
    long tiedY = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        int dx = Double.compare(x[i], x[j]);
        int dy = Double.compare(y[i], y[j]);
        tiedX += dx == 0 ? 1 : 0;
        tiedY += dy == 0 ? 1 : 0;
        if (dx != 0 && dy != 0) {
          if (dx == dy) {
            concordant++;
          } else {
            discordant++;
          }
        }
      }
    }
    long n0 = (long) x.length * (x.length - 1) / 2;
    return (concordant - discordant) / Math.sqrt((double) (n0 - tiedX) * (n0 - tiedY));
  }

  /** Pearson correlation of the average ranks (tied values share the mean of the ranks they span). */
  public static double spearman(double[] x, double[] y) {
    requirePaired(x, y);
    return pearson(averageRanks(x), averageRanks(y));
  }

  /** Ranks 1..n in ascending order; a run of equal values gets the mean of its ranks. */
  static double[] averageRanks(double[] v) {
    Integer[] order = new Integer[v.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    double[] ranks = new double[v.length];
    for (int start = 0; start < v.length;) {
      int end = start;
      while (end + 1 < v.length && Double.compare(v[order[end + 1]], v[order[start]]) == 0) {
        end++;
      }
      double mean = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = mean;
      }
      start = end + 1;
    }
    return ranks;
  }

  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(Double.NaN);
    double my = Arrays.stream(y).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static void requirePaired(double[] x, double[] y) {
    if (x.length != y.length || x.length < 2) {
      throw new IllegalArgumentException("rank correlation needs two samples of the same size >= 2, got "
          + x.length + " and " + y.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        throw new IllegalArgumentException("rank correlation of NaN at index " + i);
      }
    }
  }
}
