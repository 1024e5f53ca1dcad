package org.sparknas.core.strategy.darts;

import org.sparknas.core.config.Settings;
import org.sparknas.core.train.Adam;

/** The {@code nas.darts} block: the architecture optimiser and the order of the architecture gradient. */
public record DartsSettings(int order, double archLr, double beta1, double beta2, double archWeightDecay) {

  public static DartsSettings from(Settings s) {
    return new DartsSettings(
        s.intIn("nas.darts.order", 1, 2),
        s.doubleIn("nas.darts.arch-lr", 0, 10),
        s.doubleIn("nas.darts.arch-beta1", 0, 0.999999),
        s.doubleIn("nas.darts.arch-beta2", 0, 0.999999),
        s.doubleIn("nas.darts.arch-weight-decay", 0, 1));
  }

  /** A fresh architecture optimiser: Adam with these betas and weight decay. */
  public Adam architectureOptimizer() {
    return new Adam(beta1, beta2, 1e-8, archWeightDecay);
  }
}
