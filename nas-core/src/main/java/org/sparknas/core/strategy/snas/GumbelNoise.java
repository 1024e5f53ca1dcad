package org.sparknas.core.strategy.snas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;

/**
 * The per-pass inputs of a {@link EdgeWeighting#GUMBEL_SOFTMAX} graph: i.i.d. Gumbel(0, 1) noise
 * {@code g = -log(-log u)} per (edge, op) of every alpha group, and the temperature. A sample is a
 * pure function of its seed (each group from its own stream), so a step, a retried task or a resumed
 * search draws exactly the same noise.
 * <pre>{@code
 * Map<String, INDArray> ph = GumbelNoise.placeholders(space, DataType.FLOAT, tau, seed);
 * Pass p = graph.forwardBackward(x, y, ph, graph.alphaNames());
 * }</pre>
 */
public final class GumbelNoise {
  private GumbelNoise() {}

  /** Noise for every alpha group of a space, plus the temperature. */
  public static Map<String, INDArray> placeholders(SearchSpace space, DataType type, double tau, long seed) {
    Map<String, INDArray> ph = new LinkedHashMap<>();
    for (AlphaGroup g : space.groups()) {
      SplittableRandom r = new SplittableRandom(Seeds.seed(seed, "gumbel/" + g.name()));
      double[] noise = draw(g.edges() * space.opCount(), r::nextDouble);
      ph.put(EdgeWeighting.noiseName(g), Nd4j.create(noise, new long[] {g.edges(), space.opCount()}, 'c').castTo(type));
    }
    ph.put(EdgeWeighting.TEMPERATURE, Nd4j.scalar(tau).castTo(type));
    return ph;
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
