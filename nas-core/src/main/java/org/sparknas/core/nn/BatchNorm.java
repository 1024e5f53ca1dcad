package org.sparknas.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over NCHW activations, built from primitive ops because SameDiff's own
 * {@code batchNorm} fails in backprop (specs/stack.md §3). In {@link BatchNormMode#TRAIN} graphs the
 * batch statistics are exposed so that {@link RunningStatistics} can update the running averages
 * after a step, as PyTorch does (momentum 0.1, unbiased variance).
 */
public final class BatchNorm {
  public static final double EPS = 1e-5;

  private BatchNorm() {}

  /**
   * @param affine whether the layer has a learnt scale and shift (search cells: false)
   */
  public static SDVariable apply(GraphBuilder g, String name, SDVariable x, long channels, boolean affine) {
    return apply(g, name, x, channels, affine, null);
  }

  /**
   * Batch norm whose output is also multiplied by a scalar {@code scale} (a mixed edge's op weight),
   * folded into the per-channel factor so no extra full-size tensor is made; {@code null} for none.
   * Only non-affine layers take a scale (search cells are non-affine).
   */
  public static SDVariable apply(GraphBuilder g, String name, SDVariable x, long channels, boolean affine,
      SDVariable scale) {
    if (affine && scale != null) {
      throw new IllegalArgumentException(name + ": a folded scale needs a non-affine batch norm");
    }
    SameDiff sd = g.sd();
    String meanName = name + "/running_mean";
    String varName = name + "/running_var";
    SDVariable centred;
    SDVariable var;
    if (g.bnMode() == BatchNormMode.RUNNING) {
      SDVariable mean = g.runningStat(meanName, () -> zeros(channels)).reshape(1, channels, 1, 1);
      var = g.runningStat(varName, () -> ones(channels)).reshape(1, channels, 1, 1);
      centred = x.sub(mean);
    } else {
      g.registerRunningStat(meanName, () -> zeros(channels));
      g.registerRunningStat(varName, () -> ones(channels));
      SDVariable mean = x.mean(true, 0, 2, 3);
      centred = x.sub(mean);
      var = sd.math().square(centred).mean(true, 0, 2, 3);
      if (g.bnMode() == BatchNormMode.TRAIN) {
        g.recordBatchStatistics(new BatchNormStatistics(mean.name(), var.name(), meanName, varName));
      }
    }
    SDVariable factor = sd.math().rsqrt(var.add(EPS));
    SDVariable y = centred.mul(scale == null ? factor : factor.mul(scale));
    if (affine) {
      SDVariable gamma = g.weight(name + "/gamma", () -> ones(channels)).reshape(1, channels, 1, 1);
      SDVariable beta = g.weight(name + "/beta", () -> zeros(channels)).reshape(1, channels, 1, 1);
      y = y.mul(gamma).add(beta);
    }
    return y;
  }

  private static INDArray zeros(long channels) {
    return Initializer.constant(0, channels);
  }

  private static INDArray ones(long channels) {
    return Initializer.constant(1, channels);
  }
}
