package org.sparknas.core.supernet;

import java.io.Serializable;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;

/**
 * How architecture logits start: i.i.d. {@code N(mean, std^2)} per entry, each group from its own
 * seeded stream ({@code alpha/<group>}), so the same seed gives the same alphas whatever the init.
 * <pre>{@code
 * Supernet net = new Supernet(space, new AlphaInit(1, 0.01).parameters(space, seed));   // SNAS on nb201
 * }</pre>
 */
public record AlphaInit(double mean, double std) implements Serializable {
  /** DARTS: {@code 1e-3 N(0, 1)}. */
  public static final AlphaInit DARTS = new AlphaInit(0, 1e-3);

  public INDArray sample(AlphaGroup g, long seed, int ops) {
    SplittableRandom r = new SplittableRandom(Seeds.seed(seed, "alpha/" + g.name()));
    float[] v = new float[g.edges() * ops];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (mean + std * gaussian(r));
    }
    return Nd4j.create(v, new long[] {g.edges(), ops}, 'c');
  }

  /** Fresh parameters (no weights yet) whose alphas start from this init; weights appear as graphs need them. */
  public SupernetParameters parameters(SearchSpace space, long seed) {
    SupernetParameters p = SupernetParameters.empty(seed);
    for (AlphaGroup g : space.groups()) {
      p.alphas().put(g.variableName(), sample(g, seed, space.opCount()));
    }
    return p;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
