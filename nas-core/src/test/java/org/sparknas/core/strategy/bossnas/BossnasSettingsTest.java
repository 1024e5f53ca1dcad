package org.sparknas.core.strategy.bossnas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.data.Augmentation;

/** The {@code nas.bossnas} block: documented defaults, overrides, and errors naming the key. */
class BossnasSettingsTest {

  private static BossnasSettings settings(Map<String, String> overrides) {
    return BossnasSettings.from(new Settings(ConfigLoader.load(null, overrides)));
  }

  @Test
  @DisplayName("defaults are the reference's NATS/CIFAR values")
  void defaults() {
    BossnasSettings s = settings(Map.of());
    assertEquals(new BossnasSettings(0, 50, 0.48, 0, 0.9, 1e-6, 0.001, 2, 1e-4, 0.99, 1.0,
        new Augmentation(true, 4, true), false, 4096, 256, 4096, 1, false), s);
  }

  @Test
  @DisplayName("the schedules it builds: 2 warm-up epochs of 10 steps, a 50-epoch cosine, EMA over 500 steps")
  void schedules() {
    BossnasSettings s = settings(Map.of());
    assertEquals(0.48e-4, s.lrSchedule(10).at(0, 0), 1e-15);
    assertEquals(0.48, s.lrSchedule(10).at(0, 20), 1e-15);
    assertEquals(0.24, s.lrSchedule(10).at(25, 250), 1e-15);
    assertEquals(0.995, s.emaSchedule(10).at(250), 1e-15);
    assertEquals(1.0, s.emaSchedule(10).at(500), 1e-15);
  }

  @Test
  @DisplayName("overrides are read; a warm-up longer than a block and an unknown key fail naming the key")
  void overridesAndErrors() {
    BossnasSettings s = settings(Map.of("bossnas.lars.lr", "4.8", "bossnas.views.pair-per-path", "true",
        "bossnas.rating.paths-per-task", "4", "bossnas.views.flip", "false"));
    assertEquals(4.8, s.lr());
    assertTrue(s.pairPerPath());
    assertEquals(4, s.ratingPathsPerTask());
    assertEquals(new Augmentation(true, 4, false), s.views());
    assertEquals("nas.bossnas.warmup-epochs", assertThrows(ConfigException.class,
        () -> settings(Map.of("bossnas.epochs-per-block", "1"))).key());
    assertEquals("nas.bossnas.lars.momentum", assertThrows(ConfigException.class,
        () -> settings(Map.of("bossnas.lars.momentum", "1.5"))).key());
    assertEquals("nas.bossnas.lars.lrr", assertThrows(ConfigException.class,
        () -> settings(Map.of("bossnas.lars.lrr", "1"))).key());
  }
}
