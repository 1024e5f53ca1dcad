package org.sparknas.core.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Whether method B differs from method A on one measurement, over runs paired by seed: the mean and
 * standard deviation of the differences {@code b - a}, the paired t-test's two-sided p-value, and the
 * exact two-sided p-value of Wilcoxon's signed-rank test (which needs no normality but cannot go below
 * {@code 2 / 2^n}: 0.0625 with 5 seeds). A p-value is {@code NaN} where the test is undefined (fewer than
 * two pairs, or all differences zero for the t-test).
 * <pre>{@code
 * PairedComparison c = PairedComparison.of(dartsGaps, sddartsGaps);   // same seeds, same order
 * c.meanDifference(); c.tTestP(); c.wilcoxonP();
 * }</pre>
 */
public record PairedComparison(int pairs, double meanDifference, double sdDifference, double tTestP,
    double wilcoxonP) {

  public static PairedComparison of(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
    }
    int n = a.length;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = b[i] - a[i];
    }
    double mean = n == 0 ? Double.NaN : Arrays.stream(d).average().orElseThrow();
    double sd = n < 2 ? Double.NaN : new StandardDeviation().evaluate(d);
    double t = n < 2 || sd == 0 ? Double.NaN : new TTest().pairedTTest(b, a);
    boolean allTied = Arrays.stream(d).allMatch(x -> x == 0);
    double w = n < 2 || allTied ? Double.NaN : new WilcoxonSignedRankTest().wilcoxonSignedRankTest(b, a, true);
    return new PairedComparison(n, mean, sd, t, w);
  }

  /** As a JSON-ready map ({@code NaN} becomes null). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pairs", pairs);
    m.put("mean_difference", finite(meanDifference));
    m.put("sd_difference", finite(sdDifference));
    m.put("t_test_p", finite(tTestP));
    m.put("wilcoxon_p", finite(wilcoxonP));
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
