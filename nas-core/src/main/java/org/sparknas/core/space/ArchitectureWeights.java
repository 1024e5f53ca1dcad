package org.sparknas.core.space;

import java.util.LinkedHashMap;
import java.util.Map;

/** Architecture logits per alpha group, as plain {@code double[edges][ops]} matrices (already detached from any graph). */
public record ArchitectureWeights(Map<String, double[][]> logits) {

  public ArchitectureWeights {
    logits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logits));
  }

  public double[][] group(String name) {
    double[][] m = logits.get(name);
    if (m == null) {
      throw new IllegalArgumentException("no architecture weights for group '" + name + "', have " + logits.keySet());
    }
    return m;
  }

  /**
   * Row-wise softmax over the ops an encoding allows, zero elsewhere ({@code softmax_m} of the spec).
   * A row with no allowed op stays all zero.
   */
  public double[][] maskedSoftmax(String group, Encoding encoding) {
    double[][] a = group(group);
    double[][] p = new double[a.length][];
    for (int e = 0; e < a.length; e++) {
      p[e] = new double[a[e].length];
      double max = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < a[e].length; o++) {
        if (encoding.allowed(group, e, o)) {
          max = Math.max(max, a[e][o]);
        }
      }
      double sum = 0;
      for (int o = 0; o < a[e].length; o++) {
        if (encoding.allowed(group, e, o)) {
          p[e][o] = Math.exp(a[e][o] - max);
          sum += p[e][o];
        }
      }
      for (int o = 0; o < a[e].length && sum > 0; o++) {
        p[e][o] /= sum;
      }
    }
    return p;
  }

  /** {@link #maskedSoftmax(String, Encoding)} of every group of an encoding, in group order (metrics, plots). */
  public Map<String, double[][]> maskedSoftmax(Encoding encoding) {
    Map<String, double[][]> m = new LinkedHashMap<>();
    for (String g : encoding.groups()) {
      m.put(g, maskedSoftmax(g, encoding));
    }
    return m;
  }
}
