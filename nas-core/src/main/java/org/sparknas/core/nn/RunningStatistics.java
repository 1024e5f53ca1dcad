package org.sparknas.core.nn;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.ParameterSet;

/** Updates batch-norm running averages from the batch statistics a training graph exposed. */
public final class RunningStatistics {
  public static final double MOMENTUM = 0.1;

  private RunningStatistics() {}

  /**
   * running = (1 - m) running + m batch, with PyTorch's momentum 0.1. The variance enters biased:
   * PyTorch's n/(n-1) correction is below 0.04% for a batch of 64 at 7x7 and larger, and skipping it
   * spares exposing every layer's spatial size.
   *
   * @param values graph outputs by variable name, holding every batch mean and variance listed
   */
  public static void update(ParameterSet stats, List<BatchNormStatistics> layers, Map<String, INDArray> values) {
    update(stats, layers, values, MOMENTUM);
  }

  /** {@code running = (1 - momentum) running + momentum batch} (batch-norm recalibration picks its own). */
  public static void update(ParameterSet stats, List<BatchNormStatistics> layers, Map<String, INDArray> values,
      double momentum) {
    for (BatchNormStatistics l : layers) {
      INDArray mean = values.get(l.batchMean()).reshape(-1);
      INDArray var = values.get(l.batchVar()).reshape(-1);
      stats.get(l.runningMean()).muli(1 - momentum).addi(mean.mul(momentum));
      stats.get(l.runningVar()).muli(1 - momentum).addi(var.mul(momentum));
    }
  }
}
