package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.EpochCheckpoint;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.TrainingDivergedException;

/**
 * A search whose weights turn NaN stops at the next step with {@link TrainingDivergedException} naming
 * it, and the checkpoint saved before is untouched and finite. The NaN is planted, not hoped for: as
 * the epoch-1 checkpoint is saved, the first value of every weight in the live parameter store (the
 * one the checkpoint was serialised from) is overwritten with NaN, so the first step of epoch 2
 * computes a NaN loss.
 */
class DivergedSearchTest {

  private static SearchStrategy strategy(String method) {
    return Strategies.create(method, new Settings(ConfigLoader.load(null, Map.of("nas.rsps.candidates", "3"))));
  }

  /** Keeps checkpoints in memory; after saving the one of epoch 1, poisons a weight of the search's live parameters. */
  private static final class PoisonAfterFirstEpoch implements Checkpoints {
    final Checkpoints store = Checkpoints.inMemory();
    String name;

    @Override
    public <T extends Serializable> Optional<T> load(String name) {
      return store.load(name);
    }

    @Override
    public void save(String name, Serializable state) {
      store.save(name, state);
      this.name = name;
      EpochCheckpoint saved = (EpochCheckpoint) state;
      if (saved.epochsDone() == 1) {
        // every weight array, so whatever path a single-path method samples next carries a NaN
        saved.parameters().weights().forEach((weight, values) -> values.putScalar(0, Double.NaN));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"darts", "sddarts", "snas", "rsps"})
  @DisplayName("a NaN weight stops the search at the next step; the epoch-1 checkpoint stays finite, one metrics row")
  void nanStopsAtOnce(String method) {
    PoisonAfterFirstEpoch checkpoints = new PoisonAfterFirstEpoch();
    List<Map<String, Object>> rows = new ArrayList<>();

    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> TinySearch.search(strategy(method), 3, MetricsSink.of(rows::add), checkpoints));

    assertTrue(e.getMessage().contains("loss NaN at " + method + " epoch 2/2 step 1/3"), e.getMessage());
    assertTrue(e.getMessage().contains("last checkpoint is kept"), e.getMessage());
    assertEquals(1, rows.size(), "epoch 1's row only: " + rows);
    EpochCheckpoint kept = checkpoints.store.<EpochCheckpoint>load(checkpoints.name).orElseThrow();
    assertEquals(1, kept.epochsDone(), "no checkpoint after the NaN");
    kept.parameters().weights().forEach((name, w) -> assertFalse(hasNonFinite(w), "weight " + name + " of the kept checkpoint"));
  }

  private static boolean hasNonFinite(INDArray a) {
    for (double v : a.dup().data().asDouble()) {
      if (!Double.isFinite(v)) {
        return true;
      }
    }
    return false;
  }
}
