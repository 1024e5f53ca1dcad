package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.bossnas.BossnasSettings;
import org.sparknas.spaces.hytra.HytraSettings;
import org.sparknas.spaces.hytra.HytraSpace;
import org.sparknas.spaces.mbconv.MbconvSettings;
import org.sparknas.spaces.mbconv.MbconvSpace;
import org.sparknas.spaces.natssize.NatsSizeSettings;
import org.sparknas.spaces.natssize.NatsSizeSpace;

/** The {@code nas.space.hytra}, {@code mbconv} and {@code nats-size} blocks, and K per space. */
class BlockwiseSpaceSettingsTest {
  private static final long[] CIFAR = {3, 32, 32};

  private static Settings settings(Map<String, String> overrides) {
    return new Settings(ConfigLoader.load(null, overrides));
  }

  @Test
  @DisplayName("defaults keep the reference structure; the input size comes from the data")
  void defaults() {
    Settings s = settings(Map.of());
    assertEquals(new HytraSettings(32, 1, 1.0, 64, 4), HytraSettings.from(s, CIFAR));
    assertEquals(new MbconvSettings(28, 1, 1.0, List.of(2, 4, 4, 4, 4)), MbconvSettings.from(s, new long[] {1, 28, 28}));
    assertEquals(NatsSizeSettings.REFERENCE, NatsSizeSettings.from(s));
  }

  @Test
  @DisplayName("overrides scale the spaces; impossible values fail naming the key")
  void overrides() {
    Settings s = settings(Map.of("space.hytra.width-multiplier", "0.0625", "space.hytra.head-dim", "8",
        "space.mbconv.layers", "[1, 2, 2, 2, 2]", "space.nats-size.widths", "[4, 8, 12, 16]"));
    assertEquals(2, HytraSettings.from(s, CIFAR).heads(1));
    assertEquals(List.of(1, 2, 2, 2, 2), MbconvSettings.from(s, CIFAR).layers());
    assertEquals(1024, NatsSizeSettings.from(s).count());
    assertEquals("nas.space.hytra.head-dim", assertThrows(ConfigException.class,
        () -> HytraSettings.from(settings(Map.of("space.hytra.head-dim", "48")), CIFAR)).key());
    assertEquals("nas.space.mbconv.layers", assertThrows(ConfigException.class,
        () -> MbconvSettings.from(settings(Map.of("space.mbconv.layers", "[2, 4, 4, 4, 40]")), CIFAR)).key());
    assertEquals("nas.space.nats-size.blocks", assertThrows(ConfigException.class,
        () -> NatsSizeSettings.from(settings(Map.of("space.nats-size.blocks", "[2, 2, 2]")))).key());
    assertEquals("nas.data", assertThrows(ConfigException.class,
        () -> HytraSettings.from(s, new long[] {3, 32, 28})).key());
  }

  @Test
  @DisplayName("K: the space's default (hytra 4, nats-size 8, mbconv 4) or the configured value, checked against fair sampling")
  void pathsPerStep() {
    Settings s = settings(Map.of());
    BossnasSettings defaults = BossnasSettings.from(s);
    assertEquals(4, defaults.pathsPerStep(new HytraSpace(HytraSettings.from(s, CIFAR), CIFAR, 10)));
    assertEquals(4, defaults.pathsPerStep(new MbconvSpace(MbconvSettings.from(s, CIFAR), CIFAR, 10)));
    NatsSizeSpace nats = new NatsSizeSpace(NatsSizeSettings.from(s), CIFAR, 10);
    assertEquals(8, defaults.pathsPerStep(nats));
    assertEquals(16, BossnasSettings.from(settings(Map.of("bossnas.paths-per-step", "16"))).pathsPerStep(nats));
    assertEquals("nas.bossnas.paths-per-step", assertThrows(ConfigException.class,
        () -> BossnasSettings.from(settings(Map.of("bossnas.paths-per-step", "4"))).pathsPerStep(nats)).key());
  }
}
