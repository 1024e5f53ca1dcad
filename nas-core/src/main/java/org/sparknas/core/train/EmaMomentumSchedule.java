package org.sparknas.core.train;

import java.io.Serializable;

/**
 * BYOL's momentum of the target network's exponential moving average, rising from {@code base} to
 * {@code end} along a half cosine over the steps of a block (specs/algorithms.md B.3 step 7):
 * {@code m(k) = end - (end - base) (cos(pi k / K) + 1) / 2}. BossNAS restarts it for every block (its
 * runner counts iterations per block), so {@code k} and {@code K} are block-relative.
 * <pre>{@code
 * EmaMomentumSchedule m = new EmaMomentumSchedule(0.99, 1.0, stepsPerBlock);
 * TargetEma.update(target, online, m.at(stepInBlock));
 * }</pre>
 *
 * @param base momentum at step 0 (reference 0.99)
 * @param end momentum at step K (reference 1)
 * @param totalSteps K, steps of the block
 */
public record EmaMomentumSchedule(double base, double end, long totalSteps) implements Serializable {

  public EmaMomentumSchedule {
    if (totalSteps <= 0 || !(base >= 0 && base <= 1) || !(end >= 0 && end <= 1)) {
      throw new IllegalArgumentException("EMA momentum schedule needs momenta in [0, 1] and steps > 0, got "
          + base + ", " + end + ", " + totalSteps);
    }
  }

  public double at(long step) {
    return end - (end - base) * (Math.cos(Math.PI * step / totalSteps) + 1) / 2;
  }
}
