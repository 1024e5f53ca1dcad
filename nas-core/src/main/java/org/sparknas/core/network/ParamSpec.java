package org.sparknas.core.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnt array a network declares: its name, shape and how it starts. Weights of convolutions and
 * linear layers start uniform in {@code +-1/sqrt(fanIn)} (PyTorch's default) from a stream seeded by
 * their name; batch-norm scales and running variances start at one, shifts and running means at zero.
 */
public record ParamSpec(String name, long[] shape, Init init, long fanIn) {

  /** How an array starts. */
  public enum Init { FAN_IN_UNIFORM, ONES, ZEROS }

  public static ParamSpec fanIn(String name, long fanIn, long... shape) {
    return new ParamSpec(name, shape, Init.FAN_IN_UNIFORM, fanIn);
  }

  public static ParamSpec constant(String name, double value, long... shape) {
    return new ParamSpec(name, shape, value == 0 ? Init.ZEROS : Init.ONES, 0);
  }

  public ParamSpec {
    shape = shape.clone();
  }

  /** The initial array. */
  public INDArray create(Initializer init) {
    return switch (this.init) {
      case FAN_IN_UNIFORM -> init.uniformFanIn(name, fanIn, shape);
      case ONES -> Initializer.constant(1, shape);
      case ZEROS -> Initializer.constant(0, shape);
    };
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
