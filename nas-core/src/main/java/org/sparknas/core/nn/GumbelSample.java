package org.sparknas.core.nn;

import java.util.Map;

/**
 * The per-pass input of a {@link EdgeWeighting#GUMBEL_SOFTMAX} network: Gumbel(0, 1) noise per alpha
 * group ({@code edges x ops}) and the temperature.
 */
public record GumbelSample(Map<String, double[][]> noise, double temperature) {
  public GumbelSample {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("Gumbel-softmax temperature must be positive, got " + temperature);
    }
    noise = Map.copyOf(noise);
  }

  double[][] noise(String group) {
    double[][] g = noise.get(group);
    if (g == null) {
      throw new IllegalArgumentException("the Gumbel sample has no noise for alpha group '" + group + "'");
    }
    return g;
  }
}
