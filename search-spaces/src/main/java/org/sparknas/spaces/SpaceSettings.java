package org.sparknas.spaces;

import java.io.Serializable;

import org.sparknas.core.config.Settings;
import org.sparknas.spaces.hytra.HytraSettings;
import org.sparknas.spaces.mbconv.MbconvSettings;
import org.sparknas.spaces.natssize.NatsSizeSettings;

/**
 * The {@code nas.space} block, checked before any data is read. The block-wise spaces' blocks are read
 * for 32x32 images here (every check but the image size's) and sized to the data by {@link Spaces#create}.
 */
public record SpaceSettings(String name, int channels, int cells, int stages, boolean withNone, int stemStride,
    HytraSettings hytra, MbconvSettings mbconv, NatsSizeSettings natsSize) implements Serializable {

  /** The image shape the block-wise blocks are first read for. */
  static final long[] PROVISIONAL_SHAPE = {3, 32, 32};

  public static SpaceSettings from(Settings s) {
    return new SpaceSettings(s.oneOf("nas.space.name", Spaces.NAMES),
        s.intIn("nas.space.channels", 1, 4096),
        s.intIn("nas.space.cells", 1, 1000),
        s.intIn("nas.space.stages", 1, 3),
        s.bool("nas.space.with-none"),
        s.intIn("nas.space.stem-stride", 1, 2),
        HytraSettings.from(s, PROVISIONAL_SHAPE),
        MbconvSettings.from(s, PROVISIONAL_SHAPE),
        NatsSizeSettings.from(s));
  }
}
