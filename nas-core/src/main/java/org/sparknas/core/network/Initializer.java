package org.sparknas.core.network;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.runtime.Seeds;

/**
 * Deterministic weight initialisation: each parameter draws from its own stream seeded by
 * (master seed, parameter name), so values do not depend on the order in which networks are compiled.
 * Convolutions and linear layers use PyTorch's default, uniform in {@code ±1/sqrt(fan_in)}.
 */
public final class Initializer {
  private final long seed;

  public Initializer(long seed) {
    this.seed = seed;
  }

  public INDArray uniformFanIn(String name, long fanIn, long... shape) {
    double bound = 1.0 / Math.sqrt(fanIn);
    SplittableRandom r = new SplittableRandom(Seeds.seed(seed, "init/" + name));
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
    return Nd4j.create(v, shape, 'c');
  }

  public static INDArray constant(double value, long... shape) {
    return Nd4j.valueArrayOf(shape, value, DataType.FLOAT);
  }
}
