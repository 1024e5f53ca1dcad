package org.sparknas.core.train;

import org.sparknas.core.supernet.ParameterSet;

/**
 * The target network of a Siamese pair as an exponential moving average of the online one:
 * {@code theta_t <- m theta_t + (1 - m) theta_o}, in place, for every array of the target set. Which
 * arrays move is the caller's choice: BossNAS averages the backbone (all blocks) and the current
 * block's neck, not the predictor and not batch-norm running statistics, which each network keeps
 * from its own forward passes.
 * <pre>{@code
 * TargetEma.update(target.select(emaNames), online, schedule.at(step));
 * }</pre>
 */
public final class TargetEma {
  private TargetEma() {}

  /**
   * Updates every array of {@code target} towards the same-named array of {@code online}.
   *
   * @throws IllegalArgumentException when {@code online} lacks a name or a shape differs, before anything changes
   */
  public static void update(ParameterSet target, ParameterSet online, double momentum) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("EMA momentum must be in [0, 1], got " + momentum);
    }
    target.forEach((name, t) -> {
      if (!online.contains(name)) {
        throw new IllegalArgumentException("EMA target parameter '" + name + "' has no online counterpart");
      }
      if (!java.util.Arrays.equals(t.shape(), online.get(name).shape())) {
        throw new IllegalArgumentException("EMA target parameter '" + name + "' has shape "
            + java.util.Arrays.toString(t.shape()) + ", online " + java.util.Arrays.toString(online.get(name).shape()));
      }
    });
    target.forEach((name, t) -> t.muli(momentum).addi(online.get(name).mul(1 - momentum)));
  }
}
