package org.sparknas.core.strategy.bossnas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.spaces.natssize.NatsSizeSettings;
import org.sparknas.spaces.natssize.NatsSizeSpace;

/**
 * A BossNAS search small enough for unit tests: a NATS-size space of widths 4 and 8 in blocks [2, 2, 1]
 * (4, 4 and 2 candidates; K = 2 fair paths) on 192 synthetic 8x8 images, 2 epochs of 2 steps per block,
 * heads of 16 hidden and 8 output features.
 */
public final class BossnasSearchFixture {
  public static final long SEED = 5;

  private BossnasSearchFixture() {}

  public static NatsSizeSpace space() {
    return new NatsSizeSpace(new NatsSizeSettings(List.of(4, 8), List.of(2, 2, 1), 8), new long[] {1, 8, 8}, 4);
  }

  /** The test's {@code nas.bossnas} block with {@code overrides}. */
  public static BossnasSettings settings(Map<String, String> overrides) {
    Map<String, String> m = new HashMap<>(Map.of("nas.bossnas.epochs-per-block", "2", "nas.bossnas.warmup-epochs", "1",
        "nas.bossnas.head.neck-hidden", "16", "nas.bossnas.head.projection-dim", "8",
        "nas.bossnas.head.predictor-hidden", "16", "nas.bossnas.views.padding", "1"));
    m.putAll(overrides);
    return BossnasSettings.from(new Settings(ConfigLoader.load(null, m)));
  }

  /** Batch 16, 2 steps per epoch, {@code shards} path tasks; the rating scores 32 validation images in batches of 16. */
  public static TrainSettings train(int shards) {
    return new TrainSettings(new TrainSettings.Schedule(1, 16, 2, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5.0), new TrainSettings.Scoring(32, 16), shards, 1e9);
  }

  /** In memory, without its settings, so it travels whole through Java serialisation. */
  public static DataSource data() {
    DataSource d = Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(192, 32, 4, 1, 8, 8, 1.0, 1.0)).withSeed(SEED));
    return new DataSource(d.name(), d.search(), d.normalization(), d.augmentation(), d.seed());
  }
}
