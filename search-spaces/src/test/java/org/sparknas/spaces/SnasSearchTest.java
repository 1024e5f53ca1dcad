package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.strategy.snas.SnasSearch;
import org.sparknas.core.strategy.snas.SnasSettings;
import org.sparknas.core.strategy.snas.TemperatureSchedule;
import org.sparknas.core.supernet.AlphaInit;

/** SNAS end to end on a tiny synthetic search: reproducibility from the seed, the temperature per epoch, the result's shape. */
class SnasSearchTest {
  private static final SnasSettings SETTINGS = new SnasSettings(1.0, 0.1, new AlphaInit(1, 0.01), 3e-3, 0.5, 0.999, 1e-3);

  @Test
  @DisplayName("same seed gives the same alphas, architecture, scores and metrics; another seed gives other alphas")
  void deterministic() {
    SearchRunAssertions.assertSeedDetermines(TinySearch.run(new SnasSearch(SETTINGS), 11),
        TinySearch.run(new SnasSearch(SETTINGS), 11), TinySearch.run(new SnasSearch(SETTINGS), 12));
  }

  @Test
  @DisplayName("metrics carry tau of the linear schedule; the result is the derived architecture, scored, as the one candidate")
  void metricsAndResult() {
    TinySearch.Run run = TinySearch.run(new SnasSearch(SETTINGS), 3);
    TemperatureSchedule tau = new TemperatureSchedule(1.0, 0.1, TinySearch.EPOCHS);
    assertEquals(TinySearch.EPOCHS, run.metrics().size());
    for (int epoch = 0; epoch < TinySearch.EPOCHS; epoch++) {
      Map<String, Object> row = run.metrics().get(epoch);
      assertEquals("snas", row.get("phase"));
      assertEquals(epoch + 1, row.get("epoch"));
      assertEquals(tau.at(epoch), (double) row.get("tau"), 0.0);
    }
    assertEquals(0.55, (double) run.metrics().get(1).get("tau"), 1e-12);
    SearchRunAssertions.assertSupernetCandidate(run);
  }
}
