package org.sparknas.spaces;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.strategy.Checkpoints;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.TrainSettings;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * A search small enough for a unit test: nb201 with C=4, one cell, one stage, on 192 synthetic 8x8
 * images (96 + 96), 2 epochs of 3 steps of batch 16, through the local runner.
 */
final class TinySearch {
  static final int EPOCHS = 2;
  static final int VALID_IMAGES = 96;

  /** What a search returned, and the metric rows it recorded (elapsed time removed, it is not reproducible). */
  record Run(SearchResult result, List<Map<String, Object>> metrics) {}

  /** The injected failure of {@link #run(SearchStrategy, long, Checkpoints, int)}. */
  static final class Crash extends RuntimeException {}

  private TinySearch() {}

  static Nb201Space space() {
    return new Nb201Space(4, 1, 1, new long[] {1, 8, 8}, 4);
  }

  static Run run(SearchStrategy strategy, long seed) {
    return run(strategy, seed, Checkpoints.NONE, Integer.MAX_VALUE);
  }

  /**
   * A run with a checkpoint store that "crashes" (throws {@link Crash}) when it records the metrics of
   * epoch {@code crashAtEpoch}, after that epoch's checkpoint exists.
   */
  static Run run(SearchStrategy strategy, long seed, Checkpoints checkpoints, int crashAtEpoch) {
    DataSource data = Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(2 * VALID_IMAGES, 32, 4, 1, 8, 8, 1.0, 1.0)).withSeed(seed));
    TrainSettings train = new TrainSettings(EPOCHS, 16, 3, 0.025, 0.001, 0.9, false, 3e-4, 5.0, 0, 48, 1e9);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (LocalRunner runner = new LocalRunner()) {
      SearchContext ctx = new SearchContext(space(), data, train, seed, runner, row -> {
        if (Integer.valueOf(crashAtEpoch).equals(row.get("epoch"))) {
          throw new Crash();
        }
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.remove("elapsed_seconds");
        rows.add(copy);
      }, checkpoints);
      return new Run(strategy.search(ctx), rows);
    }
  }
}
