package org.sparknas.core.train;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradient clipping by global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
  private GradientClipping() {}

  /** The global L2 norm over all gradients (accumulated in double, in the map's iteration order). */
  public static double globalNorm(Map<String, INDArray> gradients) {
    double sq = 0;
    for (INDArray g : gradients.values()) {
      double n = g.norm2Number().doubleValue();
      sq += n * n;
    }
    return Math.sqrt(sq);
  }

  /** Scales every gradient in place by {@code maxNorm / (norm + 1e-6)} when that is below 1; returns the norm before. */
  public static double clip(Map<String, INDArray> gradients, double maxNorm) {
    double norm = globalNorm(gradients);
    double scale = maxNorm / (norm + 1e-6);
    if (scale < 1) {
      gradients.values().forEach(g -> g.muli(scale));
    }
    return norm;
  }
}
