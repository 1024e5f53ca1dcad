package org.sparknas.core.train;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Which parameters {@link Lars} leaves alone: no weight decay and no trust-ratio adaptation (they
 * take the plain learning rate). The reference excludes batch-norm and bias parameters by name
 * ({@code (bn|gn)(\d+)?.(weight|bias)} and {@code bias}); in its networks those are exactly the
 * one-dimensional parameters, which {@link #VECTORS} selects without depending on names.
 * <pre>{@code
 * LarsExclusion ex = LarsExclusion.VECTORS.or(LarsExclusion.namesMatching("(.+[./])?bn[0-9]*[./](gamma|beta)"));
 * }</pre>
 */
@FunctionalInterface
public interface LarsExclusion extends Serializable {

  /** Arrays with at most one dimension larger than 1: batch-norm scale and shift, biases, however shaped. */
  LarsExclusion VECTORS = (name, shape) -> {
    int large = 0;
    for (long d : shape) {
      large += d > 1 ? 1 : 0;
    }
    return large <= 1;
  };

  /** Nothing excluded: LARS adapts every parameter. */
  LarsExclusion NONE = (name, shape) -> false;

  boolean excluded(String name, long[] shape);

  /** Parameters whose whole name matches a regular expression. */
  static LarsExclusion namesMatching(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return (name, shape) -> pattern.matcher(name).matches();
  }

  default LarsExclusion or(LarsExclusion other) {
    return (name, shape) -> excluded(name, shape) || other.excluded(name, shape);
  }
}
