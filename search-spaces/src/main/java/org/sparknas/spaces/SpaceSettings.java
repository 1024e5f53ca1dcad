package org.sparknas.spaces;

import java.io.Serializable;

import org.sparknas.core.config.Settings;

/** The {@code nas.space} block, checked before any data is read. */
public record SpaceSettings(String name, int channels, int cells, int stages, boolean withNone, int stemStride)
    implements Serializable {

  public static SpaceSettings from(Settings s) {
    return new SpaceSettings(s.oneOf("nas.space.name", Spaces.NAMES),
        s.intIn("nas.space.channels", 1, 4096),
        s.intIn("nas.space.cells", 1, 1000),
        s.intIn("nas.space.stages", 1, 3),
        s.bool("nas.space.with-none"),
        s.intIn("nas.space.stem-stride", 1, 2));
  }
}
