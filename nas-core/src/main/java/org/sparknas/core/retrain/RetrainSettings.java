package org.sparknas.core.retrain;

import org.sparknas.core.config.Settings;
import org.sparknas.core.train.TrainSettings;

/**
 * The {@code nas.retrain} block: epochs and learning rates of training one architecture from scratch.
 * Batches, optimiser, clipping and evaluation come from {@code nas.train}, so a from-scratch run and a
 * supernet step see the same data the same way.
 */
public final class RetrainSettings {
  private RetrainSettings() {}

  /** {@code nas.train} with {@code nas.retrain}'s epochs, lr and lr-min. */
  public static TrainSettings from(Settings s) {
    TrainSettings t = TrainSettings.from(s);
    return t.withSchedule(s.intIn("nas.retrain.epochs", 1, 100_000), t.stepsPerEpoch(),
        s.doubleIn("nas.retrain.lr", 0, 10), s.doubleIn("nas.retrain.lr-min", 0, 10));
  }
}
