package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.config.Settings;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.strategy.Checkpoints;
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
    TinySearch.Run whole = TinySearch.run(strategy(method), 11);
    Checkpoints store = Checkpoints.inMemory();
    assertThrows(TinySearch.Crash.class,
        () -> TinySearch.run(strategy(method), 11, store, TinySearch.EPOCHS));
    TinySearch.Run resumed = TinySearch.run(strategy(method), 11, store, Integer.MAX_VALUE);

    assertEquals(1, resumed.metrics().size(), "only the epoch after the checkpoint runs again");
    Map<String, Object> expectedRow = new LinkedHashMap<>(whole.metrics().get(TinySearch.EPOCHS - 1));
    Map<String, Object> actualRow = new LinkedHashMap<>(resumed.metrics().get(0));
    assertAlphasEqual(expectedRow.remove("alphas"), actualRow.remove("alphas"));
    assertEquals(expectedRow, actualRow);
    assertEquals(whole.result().architecture(), resumed.result().architecture());
    assertEquals(whole.result().supernet(), resumed.result().supernet());
    assertAlphasEqual(whole.result().details().get("alphas"), resumed.result().details().get("alphas"));
  }

  @Test
  @DisplayName("rsps: crash at the last epoch, resume, same candidates and scores")
  void rspsResume() {
    TinySearch.Run whole = TinySearch.run(strategy("rsps"), 5);
    Checkpoints store = Checkpoints.inMemory();
    assertThrows(TinySearch.Crash.class,
        () -> TinySearch.run(strategy("rsps"), 5, store, TinySearch.EPOCHS));
    TinySearch.Run resumed = TinySearch.run(strategy("rsps"), 5, store, Integer.MAX_VALUE);

    assertEquals(whole.metrics().subList(TinySearch.EPOCHS - 1, whole.metrics().size()), resumed.metrics());
    assertEquals(whole.result().candidates(), resumed.result().candidates());
    assertEquals(whole.result().architecture(), resumed.result().architecture());
  }

  @SuppressWarnings("unchecked")
  private static void assertAlphasEqual(Object expected, Object actual) {
    Map<String, double[][]> e = (Map<String, double[][]>) expected;
    Map<String, double[][]> a = (Map<String, double[][]>) actual;
    assertEquals(e.keySet(), a.keySet());
    for (String g : e.keySet()) {
      for (int row = 0; row < e.get(g).length; row++) {
        assertArrayEquals(e.get(g)[row], a.get(g)[row], 0.0, g + " row " + row);
      }
    }
  }

}
