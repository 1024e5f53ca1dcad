package org.sparknas.core.train;

import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.ParameterSet;

/**
 * LARS (You, Gitman and Ginsburg 2017) as OpenSelfSup implements it for BYOL and BossNAS. For a
 * parameter w with gradient g at learning rate lr:
 * <pre>
 * local = eta ||w|| / (||g|| + wd ||w||)         (1 for an excluded parameter, whose wd is 0)
 * d     = lr * local * (g + wd w)
 * buf   = d on the first step, else momentum * buf + d
 * w    -= buf
 * </pre>
 * The learning rate enters the momentum buffer (unlike {@link Sgd}), as in the reference. A gradient
 * that is exactly zero everywhere is skipped, parameter, decay and buffer untouched: the reference's
 * optimiser hook nulls such gradients so that unused candidate ops are not decayed. When
 * {@code ||g|| + wd ||w||} is 0 the update is 0 whatever the ratio, so the ratio is taken as 0.
 * <pre>{@code
 * Optimizer lars = new Lars(0.9, 1e-6, 0.001, LarsExclusion.VECTORS);   // BossNAS
 * lars.step(weights, grads, schedule.at(epoch, step));
 * }</pre>
 */
public final class Lars implements Optimizer {
  private static final long serialVersionUID = 1L;

  private final double momentum;
  private final double weightDecay;
  private final double trustCoefficient;
  private final LarsExclusion exclusion;
  private final TreeMap<String, INDArray> buffers = new TreeMap<>();

  /**
   * @param momentum momentum factor (reference 0.9)
   * @param weightDecay L2 decay of adapted parameters (reference 1e-6)
   * @param trustCoefficient eta (reference 0.001)
   * @param exclusion parameters taking neither decay nor adaptation (batch norm and biases)
   */
  public Lars(double momentum, double weightDecay, double trustCoefficient, LarsExclusion exclusion) {
    if (momentum < 0 || weightDecay < 0 || trustCoefficient < 0) {
      throw new IllegalArgumentException("LARS needs momentum, weight decay and trust coefficient >= 0, got "
          + momentum + ", " + weightDecay + ", " + trustCoefficient);
    }
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.trustCoefficient = trustCoefficient;
    this.exclusion = exclusion;
  }

  @Override
  public void step(ParameterSet params, Map<String, INDArray> gradients, double lr) {
    gradients.forEach((name, grad) -> {
      double gradNorm = grad.norm2Number().doubleValue();
      if (gradNorm == 0) {
        return;
      }
      INDArray p = params.get(name);
      boolean excluded = exclusion.excluded(name, p.shape());
      double wd = excluded ? 0 : weightDecay;
      double local = 1;
      if (!excluded) {
        double weightNorm = p.norm2Number().doubleValue();
        double denominator = gradNorm + weightDecay * weightNorm;
        local = denominator > 0 ? trustCoefficient * weightNorm / denominator : 0;
      }
      INDArray d = (wd != 0 ? grad.add(p.mul(wd)) : grad.dup()).muli(lr * local);
      if (momentum != 0) {
        INDArray buf = buffers.get(name);
        if (buf == null) {
          buffers.put(name, d);
        } else {
          d = buf.muli(momentum).addi(d);
        }
      }
      p.subi(d);
    });
  }

  /** The momentum buffer of a parameter, or {@code null} before its first step. */
  public INDArray momentumBuffer(String name) {
    return buffers.get(name);
  }

  @Override
  public Lars copy() {
    Lars c = new Lars(momentum, weightDecay, trustCoefficient, exclusion);
    buffers.forEach((k, v) -> c.buffers.put(k, v.dup()));
    return c;
  }
}
