package org.sparknas.spaces.hytra;

import java.io.Serializable;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;

/**
 * The {@code nas.space.hytra} block and the fabric geometry it implies. The reference (224x224
 * ImageNet) has a stem that divides the input by 4, 256/512/1024/2048 output channels at
 * 56/28/14/7, bottleneck width out/4, and 64-wide attention heads; here the input is 28 or 32, the
 * stem stride and a width multiplier scale it down, and the structure stays.
 * <pre>{@code
 * HytraSettings s = new HytraSettings(32, 1, 0.0625, 8, 4);
 * s.resolution(3); s.resolution(0);   // 32, 4: the fabric runs input/1 .. input/8
 * s.width(0); s.heads(0);             // 128 channels, 4 heads of 8 at the lowest resolution
 * }</pre>
 *
 * @param inputSize height = width of the input images
 * @param stemStride 1, 2 or 4: the highest level's resolution is the input's divided by it (reference 4)
 * @param widthMultiplier scales the reference widths, each rounded to a multiple of 4 (at least 4)
 * @param headDim channels per attention head (reference 64); heads = bottleneck width / head-dim
 * @param layers searchable layers per block (reference 4)
 */
public record HytraSettings(int inputSize, int stemStride, double widthMultiplier, int headDim, int layers)
    implements Serializable {

  static final String PREFIX = "nas.space.hytra.";

  /** Reference block output widths by level, lowest resolution first. */
  private static final int[] REFERENCE_WIDTHS = {2048, 1024, 512, 256};
  private static final int REFERENCE_STEM_WIDTH = 64;

  public HytraSettings {
    if (inputSize < 1) {
      throw new ConfigException("nas.data", "HyTra needs square images of positive size, got " + inputSize);
    }
    if (stemStride != 1 && stemStride != 2 && stemStride != 4) {
      throw new ConfigException(PREFIX + "stem-stride", "must be 1, 2 or 4, got " + stemStride);
    }
    if (!(widthMultiplier > 0) || widthMultiplier > 4) {
      throw new ConfigException(PREFIX + "width-multiplier", "must be in (0, 4], got " + widthMultiplier);
    }
    if (layers < 1 || layers > 16) {
      throw new ConfigException(PREFIX + "layers", "must be in [1, 16], got " + layers);
    }
    for (int level = 0; level < 2; level++) {   // the attention levels
      int width = scaled(REFERENCE_WIDTHS[level], widthMultiplier) / 4;
      if (headDim < 1 || width % headDim != 0) {
        throw new ConfigException(PREFIX + "head-dim", "must divide the attention width " + width + " of level "
            + level + " (width-multiplier " + widthMultiplier + "), got " + headDim);
      }
    }
  }

  /** The block from a config, for images of shape {@code [channels, size, size]}. */
  public static HytraSettings from(Settings s, long[] inputShape) {
    if (inputShape.length != 3 || inputShape[1] != inputShape[2]) {
      throw new ConfigException("nas.data", "HyTra needs square images [channels, size, size], got "
          + java.util.Arrays.toString(inputShape));
    }
    return new HytraSettings((int) inputShape[1],
        s.intIn(PREFIX + "stem-stride", 1, 4),
        s.doubleIn(PREFIX + "width-multiplier", 0, 4),
        s.intIn(PREFIX + "head-dim", 1, 4096),
        s.intIn(PREFIX + "layers", 1, 16));
  }

  /** Block output channels at a level (reference 2048, 1024, 512, 256). */
  public int width(int level) {
    return scaled(REFERENCE_WIDTHS[checkLevel(level)], widthMultiplier);
  }

  /** Bottleneck (and attention) width at a level: a quarter of the output width. */
  public int bottleneckWidth(int level) {
    return width(level) / 4;
  }

  /** Attention heads of ResAtt at a level 0 or 1 (reference 8 at 7x7, 4 at 14x14). */
  public int heads(int level) {
    if (level > 1) {
      throw new IllegalArgumentException("HyTra has no attention at level " + level + ", only at levels 0 and 1");
    }
    return bottleneckWidth(level) / headDim;
  }

  /** Channels of the stem output (reference 64). */
  public int stemWidth() {
    return scaled(REFERENCE_STEM_WIDTH, widthMultiplier);
  }

  /**
   * Height = width of the feature maps at a level: the highest level is the input divided by the stem
   * stride, each lower level half the one above, rounded up (as a stride-2, padding-1 3x3 conv does).
   */
  public int resolution(int level) {
    int r = inputSize;
    for (int s = stemStride; s > 1; s /= 2) {
      r = (r + 1) / 2;
    }
    for (int l = HytraOp.LEVELS - 1; l > checkLevel(level); l--) {
      r = (r + 1) / 2;
    }
    return r;
  }

  /** Channels the projection neck reads: every block's output is adapted to the lowest level's width (reference 2048). */
  public int neckWidth() {
    return width(0);
  }

  private static int scaled(int reference, double multiplier) {
    return Math.max(4, (int) Math.round(reference * multiplier / 4) * 4);
  }

  private static int checkLevel(int level) {
    if (level < 0 || level >= HytraOp.LEVELS) {
      throw new IllegalArgumentException("HyTra level " + level + " out of range [0, " + HytraOp.LEVELS + ")");
    }
    return level;
  }
}
