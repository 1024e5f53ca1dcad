package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.supernet.TinySpace;

@DisplayName("nas.fewshot.gm settings: defaults, batch-size fallback, one clear error per bad key")
class GradientMatchingSettingsTest {

  private static GradientMatchingSettings read(Map<String, String> overrides) {
    return GradientMatchingSettings.from(new Settings(ConfigLoader.load(null, overrides)));
  }

  private static ConfigException error(Map<String, String> overrides) {
    return assertThrows(ConfigException.class, () -> read(overrides));
  }

  @Test
  @DisplayName("defaults: R=100, the train batch size, max-cut, cos, the space's first group")
  void defaults() {
    GradientMatchingSettings s = read(Map.of("train.batch-size", "48"));
    assertEquals(100, s.repeats());
    assertEquals(48, s.batchSize());
    assertEquals(EdgeCriterion.MAX_CUT, s.criterion());
    assertEquals(GradientDistance.COS, s.distance());
    assertEquals(List.of(TinySpace.GROUP), s.groupsOf(new TinySpace()));
  }

  @Test
  @DisplayName("explicit values are read")
  void explicit() {
    GradientMatchingSettings s = read(Map.of("fewshot.gm.repeats", "7", "fewshot.gm.batch-size", "16",
        "fewshot.gm.criterion", "min-within", "fewshot.gm.distance", "mse",
        "fewshot.gm.candidate-groups", "\"edge\""));
    assertEquals(7, s.repeats());
    assertEquals(16, s.batchSize());
    assertEquals(EdgeCriterion.MIN_WITHIN, s.criterion());
    assertEquals(GradientDistance.MSE, s.distance());
    assertEquals(List.of("edge"), s.groupsOf(new TinySpace()));
  }

  @Test
  @DisplayName("bad values name their key, also when the job is created (every method's block is checked)")
  void errors() {
    assertEquals("nas.fewshot.gm.repeats", error(Map.of("fewshot.gm.repeats", "0")).key());
    assertEquals("nas.fewshot.gm.criterion", error(Map.of("fewshot.gm.criterion", "max")).key());
    assertEquals("nas.fewshot.gm.distance", error(Map.of("fewshot.gm.distance", "l1")).key());
    ConfigException hard = error(Map.of("fewshot.gm.hard", "false"));
    assertEquals("nas.fewshot.gm.hard", hard.key());
    assertTrue(hard.getMessage().contains("soft weights"), hard.getMessage());
    ConfigException group = assertThrows(ConfigException.class, () -> read(Map.of("fewshot.gm.candidate-groups",
        "\"normal\"")).groupsOf(new TinySpace()));
    assertEquals("nas.fewshot.gm.candidate-groups", group.key());
    assertTrue(group.getMessage().contains("no alpha group 'normal', it has [edge]"), group.getMessage());
    ConfigException atJob = assertThrows(ConfigException.class,
        () -> NasConfig.from(ConfigLoader.load(null, Map.of("fewshot.gm.distance", "l1")), Strategies::check));
    assertEquals("nas.fewshot.gm.distance", atJob.key());
  }
}
