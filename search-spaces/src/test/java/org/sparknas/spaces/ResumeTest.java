package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.config.Settings;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.Strategies;

/**
 * A search interrupted after an epoch's checkpoint and resumed from it ends exactly where an
 * uninterrupted search with the same seed ends: parameters, optimiser states and the epoch come from
 * the checkpoint, and every random draw is derived from (seed, phase, step).
 */
class ResumeTest {

  private static SearchStrategy strategy(String method) {
    return Strategies.create(method, new Settings(ConfigLoader.load(null, Map.of("nas.rsps.candidates", "5"))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"darts", "snas"})
  @DisplayName("supernet methods: crash at the last epoch, resume from the previous checkpoint, same result")
  void supernetResume(String method) {
    SearchRunAssertions.assertResumedAsWhole(TinySearch.run(strategy(method), 11),
        TinySearch.crashAndResume(() -> strategy(method), 11));
  }

  @Test
  @DisplayName("rsps: crash at the last epoch, resume, same candidates and scores")
  void rspsResume() {
    TinySearch.Run whole = TinySearch.run(strategy("rsps"), 5);
    TinySearch.Run resumed = TinySearch.crashAndResume(() -> strategy("rsps"), 5);

    assertEquals(whole.metrics().subList(TinySearch.EPOCHS - 1, whole.metrics().size()), resumed.metrics());
    assertEquals(whole.result().candidates(), resumed.result().candidates());
    assertEquals(whole.result().architecture(), resumed.result().architecture());
  }
}
