package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * A search small enough for a unit test: nb201 with C=4, one cell, one stage, on 192 synthetic 8x8
 * images (96 + 96), 2 epochs of 3 steps of batch 16, through the local runner.
 */
public final class TinySearch {
  public static final int EPOCHS = 2;
  public static final int VALID_IMAGES = 96;

  /** What a search returned, and the metric rows it recorded (elapsed time removed, it is not reproducible). */
  public record Run(SearchResult result, List<Map<String, Object>> metrics) {}

  /** The injected failure of {@link #run(SearchStrategy, long, Checkpoints, int)}. */
  public static final class Crash extends RuntimeException {}

  private TinySearch() {}

  /** Batch 16, 3 steps per epoch, evaluation in batches of 48. */
  public static TrainSettings train() {
    return new TrainSettings(new TrainSettings.Schedule(EPOCHS, 16, 3, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5.0), new TrainSettings.Scoring(0, 48), 1, 1e9);
  }

  /** The search data of a seed: 192 synthetic 8x8 images of 4 classes, half for weights, half for architectures. */
  public static DataSource data(long seed) {
    return Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(2 * VALID_IMAGES, 32, 4, 1, 8, 8, 1.0, 1.0)).withSeed(seed));
  }

  public static Nb201Space space() {
    return new Nb201Space(4, 1, 1, new long[] {1, 8, 8}, 4);
  }

  /**
   * A search that "crashes" after the checkpoint of epoch {@code EPOCHS - 1}, then the same search
   * resumed from that checkpoint (a fresh strategy each time): the resumed run.
   */
  public static Run crashAndResume(Supplier<SearchStrategy> strategy, long seed) {
    Checkpoints store = Checkpoints.inMemory();
    assertThrows(Crash.class, () -> run(strategy.get(), seed, store, EPOCHS));
    return run(strategy.get(), seed, store, Integer.MAX_VALUE);
  }

  public static Run run(SearchStrategy strategy, long seed) {
    return run(strategy, seed, Checkpoints.NONE, Integer.MAX_VALUE);
  }

  /**
   * A run with a checkpoint store that "crashes" (throws {@link Crash}) when it records the metrics of
   * epoch {@code crashAtEpoch}, after that epoch's checkpoint exists.
   */
  public static Run run(SearchStrategy strategy, long seed, Checkpoints checkpoints, int crashAtEpoch) {
    List<Map<String, Object>> rows = new ArrayList<>();
    SearchResult result = search(strategy, seed, MetricsSink.of(row -> {
      if (Integer.valueOf(crashAtEpoch).equals(row.get("epoch"))) {
        throw new Crash();
      }
      Map<String, Object> copy = new LinkedHashMap<>(row);
      copy.remove("elapsed_seconds");
      rows.add(copy);
    }), checkpoints);
    return new Run(result, rows);
  }

  /** The tiny search with its rows going to {@code metrics}, through the local runner. */
  public static SearchResult search(SearchStrategy strategy, long seed, MetricsSink metrics, Checkpoints checkpoints) {
    try (LocalRunner runner = new LocalRunner()) {
      return strategy.search(new SearchContext(space(), data(seed), train(), seed, runner, metrics, checkpoints));
    }
  }
}
