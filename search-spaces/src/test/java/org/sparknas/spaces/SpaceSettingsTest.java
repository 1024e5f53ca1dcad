package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.space.SearchSpace;

/** The {@code nas.space} block: defaults, overrides, and errors that name the key. */
class SpaceSettingsTest {

  private static SpaceSettings space(Map<String, String> overrides) {
    return SpaceSettings.from(new Settings(ConfigLoader.load(null, overrides)));
  }

  @Test
  @DisplayName("defaults are the NAS-Bench-201 skeleton; overrides build the space they describe")
  void defaultsAndOverrides() {
    SpaceSettings d = space(Map.of());
    assertEquals(List.of("nb201", 16, 5, 3, true, 1), List.of(d.name(), d.channels(), d.cells(), d.stages(),
        d.withNone(), d.stemStride()));
    SpaceSettings s = space(Map.of("space.name", "darts", "nas.space.channels", "8", "space.cells", "2",
        "space.with-none", "false"));
    SearchSpace darts = Spaces.create(s, new long[] {1, 16, 16}, 4);
    assertEquals("darts", darts.name());
    assertEquals(7, darts.opCount(), "the 7-op variant without none");
  }

  @Test
  @DisplayName("an unknown space name names nas.space.name and lists the valid spaces")
  void unknownSpace() {
    ConfigException e = assertThrows(ConfigException.class, () -> space(Map.of("space.name", "resnet")));
    assertEquals("nas.space.name", e.key());
    assertTrue(e.getMessage().contains("'resnet'"), e.getMessage());
    assertTrue(e.getMessage().contains("[nb201, darts, hytra, mbconv, nats-size]"), e.getMessage());
  }

  @Test
  @DisplayName("out-of-range stages and channels name their keys")
  void outOfRange() {
    ConfigException stages = assertThrows(ConfigException.class, () -> space(Map.of("space.stages", "4")));
    assertEquals("nas.space.stages", stages.key());
    assertTrue(stages.getMessage().contains("[1, 3], got 4"), stages.getMessage());
    ConfigException channels = assertThrows(ConfigException.class, () -> space(Map.of("space.channels", "0")));
    assertEquals("nas.space.channels", channels.key());
  }
}
