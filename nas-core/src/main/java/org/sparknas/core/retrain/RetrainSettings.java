package org.sparknas.core.retrain;

import org.sparknas.core.config.Settings;
import org.sparknas.core.model.RetrainRecipe;
import org.sparknas.core.train.TrainSettings;

/**
 * The {@code nas.retrain} block: epochs and learning rates of training one architecture from scratch
 * (on the engine: {@link #from}; with DL4J: {@link #recipe}). Batches, optimiser, clipping and
 * evaluation come from {@code nas.train}, so a from-scratch run and a supernet step see the same data
 * the same way.
 */
public final class RetrainSettings {
  private RetrainSettings() {}

  /** {@code nas.train} with {@code nas.retrain}'s epochs, lr, lr-min and (when set) batch size. */
  public static TrainSettings from(Settings s) {
    TrainSettings t = TrainSettings.from(s);
    int batch = s.intIn("nas.retrain.batch-size", 0, 1_000_000);
    if (batch > 0) {
      t = t.withBatchSize(batch);
    }
    return t.withSchedule(s.intIn("nas.retrain.epochs", 1, 100_000), t.stepsPerEpoch(),
        s.doubleIn("nas.retrain.lr", 0, 10), s.doubleIn("nas.retrain.lr-min", 0, 10));
  }

  /** The DL4J recipe of {@code bin/nas retrain}: this block's schedule with {@code nas.train}'s optimiser. */
  public static RetrainRecipe recipe(Settings s) {
    TrainSettings t = from(s);
    return new RetrainRecipe(t.epochs(), t.batchSize(), t.lr(), t.lrMin(), t.momentum(), t.weightDecay(),
        t.gradClip(), s.doubleIn("nas.retrain.auxiliary-weight", 0, 100), s.doubleIn("nas.retrain.drop-path", 0, 0.99),
        s.intIn("nas.retrain.cutout", 0, 4096), s.getLong("nas.seed"));
  }
}
