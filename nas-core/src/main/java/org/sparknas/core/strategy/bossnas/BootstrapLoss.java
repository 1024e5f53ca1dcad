package org.sparknas.core.strategy.bossnas;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The loss of BossNAS's ensemble bootstrapping (specs/algorithms.md B.3 steps 4 and 5), the BYOL
 * regression loss with the target ensemble as the target:
 * <pre>
 * l(p, z)   = -(2/N) sum_n &lt;p_n / ||p_n||, z_n / ||z_n||&gt;          (size-averaged; in [-2, 2])
 * zbar(v)   = (1/K) sum_k z_k(v) / ||z_k(v)||                          (row-wise, the K target paths)
 * loss_k    = l(p_k(v1), zbar(v2)) + l(p_k(v2), zbar(v1))              (in [-4, 4]; lower is better)
 * </pre>
 * Norms are clamped below at 1e-12 as PyTorch's {@code F.normalize} does. All arrays are {@code [N, D]}
 * and the computation stays in their data type.
 * <pre>{@code
 * ProjectionPair zbar = BootstrapLoss.targetEnsemble(targets);        // the K target paths' projections
 * double loss = BootstrapLoss.pathLoss(predictions, zbar);            // one online path
 * ProjectionPair dp = BootstrapLoss.pathLossGradient(predictions, zbar);
 * }</pre>
 */
public final class BootstrapLoss {
  private static final double EPS = 1e-12;

  private BootstrapLoss() {}

  /** l(p, z): minus twice the mean over rows of the cosine between p_n and z_n. */
  public static double loss(INDArray p, INDArray z) {
    check(p, z);
    return -2.0 * normalizeRows(p).mul(normalizeRows(z)).sumNumber().doubleValue() / p.size(0);
  }

  /**
   * dl/dp: row n is {@code -(2/N) (zhat_n - (phat_n . zhat_n) phat_n) / ||p_n||} (z is a constant:
   * the target takes no gradient).
   */
  public static INDArray gradient(INDArray p, INDArray z) {
    check(p, z);
    long n = p.size(0);
    INDArray norms = p.norm2(1).reshape(n, 1);
    INDArray clamped = Transforms.max(norms, EPS, true);
    INDArray pHat = p.divColumnVector(clamped);
    INDArray zHat = normalizeRows(z);
    // where the norm was clamped, normalisation is a constant scale and the projection term vanishes
    INDArray cos = pHat.mul(zHat).sum(true, 1).muli(norms.gt(EPS).castTo(p.dataType()));
    return zHat.sub(pHat.mulColumnVector(cos)).divColumnVector(clamped).muli(-2.0 / n);
  }

  /** The rows of {@code x} divided by their L2 norms (clamped below at 1e-12). */
  public static INDArray normalizeRows(INDArray x) {
    INDArray norms = Transforms.max(x.norm2(1).reshape(x.size(0), 1), EPS, false);
    return x.divColumnVector(norms);
  }

  /** zbar for both views: the mean of the row-normalised target projections of the K paths. */
  public static ProjectionPair targetEnsemble(List<ProjectionPair> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("the target ensemble needs at least one path");
    }
    INDArray v1 = normalizeRows(targets.get(0).view1());
    INDArray v2 = normalizeRows(targets.get(0).view2());
    for (ProjectionPair t : targets.subList(1, targets.size())) {
      v1.addi(normalizeRows(t.view1()));
      v2.addi(normalizeRows(t.view2()));
    }
    return new ProjectionPair(v1.divi(targets.size()), v2.divi(targets.size()));
  }

  /** loss_k: each view's prediction regresses the other view's target, {@code l(p1, z2) + l(p2, z1)}. */
  public static double pathLoss(ProjectionPair predictions, ProjectionPair targets) {
    return loss(predictions.view1(), targets.view2()) + loss(predictions.view2(), targets.view1());
  }

  /** The gradient of {@link #pathLoss} with respect to the two predictions. */
  public static ProjectionPair pathLossGradient(ProjectionPair predictions, ProjectionPair targets) {
    return new ProjectionPair(gradient(predictions.view1(), targets.view2()),
        gradient(predictions.view2(), targets.view1()));
  }

  private static void check(INDArray p, INDArray z) {
    if (p.rank() != 2 || !java.util.Arrays.equals(p.shape(), z.shape())) {
      throw new IllegalArgumentException("the bootstrap loss needs a prediction and a target of one [N, D] shape, got "
          + java.util.Arrays.toString(p.shape()) + " and " + java.util.Arrays.toString(z.shape()));
    }
  }
}
