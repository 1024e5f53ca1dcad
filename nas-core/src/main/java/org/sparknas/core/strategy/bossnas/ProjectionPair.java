package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The projections (or predictions) of the two views of one batch, row n of each belonging to image n:
 * {@code [N, D]} each.
 */
public record ProjectionPair(INDArray view1, INDArray view2) implements Serializable {

  public ProjectionPair {
    if (view1.rank() != 2 || !Arrays.equals(view1.shape(), view2.shape())) {
      throw new IllegalArgumentException("a projection pair needs two [N, D] arrays of one shape, got "
          + Arrays.toString(view1.shape()) + " and " + Arrays.toString(view2.shape()));
    }
  }

  /** Element-wise sum with another pair, as a new pair. */
  public ProjectionPair add(ProjectionPair other) {
    return new ProjectionPair(view1.add(other.view1), view2.add(other.view2));
  }

  /** Both views divided by {@code d}, as a new pair. */
  public ProjectionPair div(double d) {
    return new ProjectionPair(view1.div(d), view2.div(d));
  }
}
