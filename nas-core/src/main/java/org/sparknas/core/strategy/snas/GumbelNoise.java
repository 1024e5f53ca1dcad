package org.sparknas.core.strategy.snas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;

/**
 * The per-pass input of a {@link EdgeWeighting#GUMBEL_SOFTMAX} network: i.i.d. Gumbel(0, 1) noise
 * {@code g = -log(-log u)} per (edge, op) of every alpha group, and the temperature. A sample is a
 * pure function of its seed (each group from its own stream), so a step, a retried task or a resumed
 * search draws exactly the same noise.
 * <pre>{@code
 * GumbelSample s = GumbelNoise.sample(space, tau, seed);
 * Pass p = graph.forwardBackward(x, y, s, graph.alphaNames());
 * }</pre>
 */
public final class GumbelNoise {
  private GumbelNoise() {}

  /** Noise for every alpha group of a space, and the temperature. */
  public static GumbelSample sample(SearchSpace space, double tau, long seed) {
    Map<String, double[][]> noise = new LinkedHashMap<>();
    int ops = space.opCount();
    for (AlphaGroup g : space.groups()) {
      SplittableRandom r = new SplittableRandom(Seeds.seed(seed, "gumbel/" + g.name()));
      double[] flat = draw(g.edges() * ops, r::nextDouble);
      double[][] rows = new double[g.edges()][];
      for (int e = 0; e < rows.length; e++) {
        rows[e] = java.util.Arrays.copyOfRange(flat, e * ops, (e + 1) * ops);
      }
      noise.put(g.name(), rows);
    }
    return new GumbelSample(noise, tau);
  }

  /**
   * {@code n} Gumbel(0, 1) values from uniforms in [0, 1). A uniform of exactly 0 gives an infinite
   * value; as the reference resamples a Gumbel-softmax sample that contains an infinity, the whole
   * draw is then repeated with the next uniforms.
   */
  static double[] draw(int n, DoubleSupplier uniform) {
    double[] g = new double[n];
    boolean finite;
    do {
      finite = true;
      for (int i = 0; i < n; i++) {
        g[i] = -Math.log(-Math.log(uniform.getAsDouble()));
        finite &= Double.isFinite(g[i]);
      }
    } while (!finite);
    return g;
  }
}
