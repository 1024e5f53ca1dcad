package org.sparknas.core.train;

import java.io.Serializable;

/**
 * mmcv's {@code CosineAnnealing} learning rate with linear warm-up, as BossNAS runs it within each
 * block (specs/algorithms.md B.4, B.6): the regular rate changes once per epoch,
 * {@code lr(e) = min + (max - min) (1 + cos(pi e / E)) / 2}, and during the first
 * {@code warmupSteps} steps it is scaled by {@code 1 - (1 - s / W)(1 - ratio)}, rising linearly from
 * {@code ratio * lr(e)} at step 0. Epochs and steps count from the start of the block: a new block
 * uses a new schedule (or passes block-relative counters), which restarts it.
 * <pre>{@code
 * WarmupCosineSchedule lr = new WarmupCosineSchedule(0.48, 0, 50, 2 * stepsPerEpoch, 1e-4);  // NATS
 * double rate = lr.at(epochInBlock, stepInBlock);
 * }</pre>
 *
 * @param max base learning rate
 * @param min rate the cosine reaches at epoch E (reference 0)
 * @param epochs E, epochs of the block
 * @param warmupSteps W, steps of linear warm-up (0 = none; reference: 1 epoch ImageNet, 2 NATS)
 * @param warmupRatio where the warm-up starts, as a fraction of the regular rate (reference 1e-4)
 */
public record WarmupCosineSchedule(double max, double min, int epochs, long warmupSteps, double warmupRatio)
    implements Serializable {

  public WarmupCosineSchedule {
    if (epochs <= 0 || warmupSteps < 0 || !(warmupRatio >= 0 && warmupRatio <= 1)) {
      throw new IllegalArgumentException("warm-up cosine schedule needs epochs > 0, warm-up steps >= 0 and a ratio in"
          + " [0, 1], got " + epochs + ", " + warmupSteps + ", " + warmupRatio);
    }
  }

  /** The rate at step {@code step} of epoch {@code epoch}, both counted from the start of the block. */
  public double at(int epoch, long step) {
    double regular = min + (max - min) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    if (step >= warmupSteps) {
      return regular;
    }
    double k = (1 - (double) step / warmupSteps) * (1 - warmupRatio);
    return regular * (1 - k);
  }
}
