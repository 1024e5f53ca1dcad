package org.sparknas.core.strategy.snas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.supernet.AlphaInit;

/** The {@code nas.snas} block and the temperature schedule it configures. */
class SnasSettingsTest {

  private static SnasSettings settings(Map<String, String> overrides) {
    return SnasSettings.from(NasConfig.from(ConfigLoader.load(null, overrides), Strategies::check).settings());
  }

  private static ConfigException rejected(Map<String, String> overrides) {
    return assertThrows(ConfigException.class,
        () -> NasConfig.from(ConfigLoader.load(null, overrides), Strategies::check));
  }

  @Test
  @DisplayName("defaults: tau 1 -> 0.1, alpha ~ N(1, 0.01), DARTS's Adam; method snas is known")
  void defaults() {
    SnasSettings s = settings(Map.of("method", "snas"));
    assertEquals(new SnasSettings(1.0, 0.1, new AlphaInit(1.0, 0.01), 3e-4, 0.5, 0.999, 1e-3), s);
    assertEquals(SnasSearch.NAME,
        NasConfig.from(ConfigLoader.load(null, Map.of("method", "snas")), Strategies::check).method());
  }

  @Test
  @DisplayName("bad values name their key: tau-min above tau-max, tau 0, shards with snas")
  void badValues() {
    ConfigException e = rejected(Map.of("snas.tau-min", "2"));
    assertEquals("nas.snas.tau-min", e.key());
    assertTrue(e.getMessage().contains("nas.snas.tau-max"), e.getMessage());
    assertEquals("nas.snas.tau-max", rejected(Map.of("snas.tau-max", "0")).key());
    assertEquals("nas.snas.alpha-init-std", rejected(Map.of("snas.alpha-init-std", "-1")).key());
    assertEquals("nas.train.shards", rejected(Map.of("method", "snas", "train.shards", "2")).key());
  }

  @Test
  @DisplayName("tau(ep) = (1 - ep/T)(max - min) + min: starts at max, falls by (max - min)/T per epoch")
  void temperatureSchedule() {
    TemperatureSchedule t = new TemperatureSchedule(1.0, 0.1, 4);
    assertEquals(1.0, t.at(0), 1e-15);
    assertEquals(0.775, t.at(1), 1e-15);
    assertEquals(0.55, t.at(2), 1e-15);
    assertEquals(0.325, t.at(3), 1e-15);
    assertEquals(0.1, t.at(4), 1e-15);
    // a sub-supernet spawned at epoch 30 of 60 restarts from max over the remaining 30 epochs
    TemperatureSchedule spawned = new TemperatureSchedule(1.0, 0.03, 60 - 30);
    assertEquals(1.0, spawned.at(0), 1e-15);
    assertEquals(0.03 + 0.97 / 30, spawned.at(29), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new TemperatureSchedule(1.0, 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TemperatureSchedule(0.1, 1.0, 5));
    assertThrows(IllegalArgumentException.class, () -> new TemperatureSchedule(1.0, 0.0, 5));
  }
}
