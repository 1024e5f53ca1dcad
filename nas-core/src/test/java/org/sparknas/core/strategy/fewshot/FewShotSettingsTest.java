package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.Strategies;

/** The {@code nas.fewshot} block: defaults (the NB201 GM-NAS schedule), the derived schedule, and bad values. */
class FewShotSettingsTest {

  private static FewShotSettings settings(Map<String, String> overrides) {
    return FewShotSettings.from(new Settings(ConfigLoader.load(null, overrides)));
  }

  @Test
  @DisplayName("defaults: splits at 15 and 30, final restart, 30 warm-up epochs, alphas frozen until epoch 30")
  void defaults() {
    FewShotSettings f = settings(Map.of());
    assertEquals(List.of(15, 30), f.splitEpochs());
    assertEquals(Restart.FINAL, f.restart());
    assertEquals(60, f.totalEpochs());
    assertEquals(2, f.splits());
    assertEquals(15, f.stageEnd(0));
    assertEquals(30, f.stageEnd(1));
    assertEquals(60, f.stageEnd(2));
    assertEquals(30, f.alphasFrom());
    assertEquals("gradient-matching", f.splitter());
    assertEquals(Selection.BY_SUPERNET, f.selection());
  }

  @Test
  @DisplayName("restart: none never, all at every split, final at the last split only")
  void restart() {
    assertFalse(Restart.NONE.at(2, 3));
    assertTrue(Restart.ALL.at(0, 3));
    assertFalse(Restart.FINAL.at(1, 3));
    assertTrue(Restart.FINAL.at(2, 3));
  }

  @Test
  @DisplayName("without freeze-alphas the architecture parameters train from epoch 0")
  void unfrozen() {
    assertEquals(0, settings(Map.of("nas.fewshot.freeze-alphas", "false")).alphasFrom());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "nas.fewshot.split-epochs; '[2, 1]'; strictly increasing",
      "nas.fewshot.split-epochs; '[0, 3]'; strictly increasing",
      "nas.fewshot.split-epochs; '[]'; at least one",
      "nas.fewshot.split-epochs; 'soon'; list of integers",
      "nas.fewshot.restart; 'sometimes'; [none, all, final]",
      "nas.fewshot.base; 'enas'; [darts, rsps, snas]",
      "nas.fewshot.splitter; 'coin'; [gradient-matching, random]",
      "nas.fewshot.selection; 'halving'; [supernet, successive-halving]",
      "nas.fewshot.warmup-epochs; '-1'; warmup-epochs"})
  @DisplayName("bad values fail with one error naming the key")
  void badValues(String key, String value, String says) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> NasConfig.from(ConfigLoader.load(null, Map.of(key, value)), Strategies::check));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"'[3, 2]'", "'[0, 4]'", "'[5, 10]'", "'[2, 12]'", "'later'"})
  @DisplayName("successive halving: round ends must increase and stay below nas.retrain.epochs, naming the key")
  void badRoundEnds(String ends) {
    ConfigException e = assertThrows(ConfigException.class, () -> settings(Map.of(
        "nas.fewshot.selection", "successive-halving", "nas.retrain.epochs", "10",
        "nas.fewshot.halving.round-ends", ends)));
    assertEquals("nas.fewshot.halving.round-ends", e.key());
  }

  @Test
  @DisplayName("successive halving carries its round ends and the nas.retrain schedule")
  void halving() {
    Selection h = settings(Map.of("nas.fewshot.selection", "successive-halving", "nas.retrain.epochs", "12",
        "nas.retrain.lr", "0.05", "nas.fewshot.halving.round-ends", "[2, 5]")).selection();
    assertTrue(h.halving());
    assertEquals(List.of(2, 5), h.roundEnds());
    assertEquals(12, h.retrain().epochs());
    assertEquals(0.05, h.retrain().lr());
  }
}
