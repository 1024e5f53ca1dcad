package org.sparknas.core.supernet;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a pass of a distillation graph distils towards: the teacher probabilities {@code [batch,
 * classes]} (already at temperature {@code tau}), the weight {@code lambda * tau^2} of the KL term
 * and {@code tau}. A weight of 0 gives exactly the cross-entropy pass.
 */
public record DistillationTarget(INDArray teacherProbabilities, double weight, double temperature) {
  public DistillationTarget {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("distillation temperature must be positive, got " + temperature);
    }
  }
}
