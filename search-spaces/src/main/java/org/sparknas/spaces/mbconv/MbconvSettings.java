package org.sparknas.spaces.mbconv;

import java.io.Serializable;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;

/**
 * The {@code nas.space.mbconv} block and the network geometry it implies. The reference (ImageNet,
 * 224x224): stem Conv3x3(3 -> 32, stride 2)-BN-SiLU and MB1 3x3 SE0.25 (32 -> 16), then blocks of
 * (output width, first stride, layers) (24, 2, 2), (40, 2, 4), (80, 2, 4), (112, 1, 4), (192, 2, 4),
 * searched, and a fixed (320, 1, 1) layer. Here the width multiplier and the stem stride scale it for
 * 28x28 or 32x32 inputs and the layer counts set the depth.
 * <pre>{@code
 * MbconvSettings s = new MbconvSettings(32, 1, 0.25, List.of(2, 4, 4, 4, 4));
 * s.width(4); s.resolution(4);        // the last searched block's output: 48 channels at 2x2
 * }</pre>
 *
 * @param inputSize height = width of the input images
 * @param stemStride 1 or 2 (reference 2)
 * @param widthMultiplier scales every reference width, rounded as EfficientNet rounds widths
 *     ({@link #makeDivisible}, to multiples of 8)
 * @param layers searchable layers of each of the 5 searched blocks (reference 2, 4, 4, 4, 4)
 */
public record MbconvSettings(int inputSize, int stemStride, double widthMultiplier, List<Integer> layers)
    implements Serializable {

  static final String PREFIX = "nas.space.mbconv.";

  /** Searched blocks. */
  public static final int BLOCKS = 5;

  private static final int[] REFERENCE_WIDTHS = {24, 40, 80, 112, 192};
  private static final int[] STRIDES = {2, 2, 2, 1, 2};
  private static final int REFERENCE_STEM_WIDTH = 32;
  private static final int REFERENCE_STEM_OUT_WIDTH = 16;
  private static final int REFERENCE_LAST_WIDTH = 320;

  public MbconvSettings {
    if (inputSize < 1) {
      throw new ConfigException("nas.data", "MBConv needs square images of positive size, got " + inputSize);
    }
    if (stemStride != 1 && stemStride != 2) {
      throw new ConfigException(PREFIX + "stem-stride", "must be 1 or 2, got " + stemStride);
    }
    if (!(widthMultiplier > 0) || widthMultiplier > 4) {
      throw new ConfigException(PREFIX + "width-multiplier", "must be in (0, 4], got " + widthMultiplier);
    }
    layers = List.copyOf(layers);
    if (layers.size() != BLOCKS || layers.stream().anyMatch(n -> n < 1 || n > 8)) {
      throw new ConfigException(PREFIX + "layers", "needs " + BLOCKS + " layer counts in [1, 8], got " + layers);
    }
  }

  /** The block from a config, for images of shape {@code [channels, size, size]}. */
  public static MbconvSettings from(Settings s, long[] inputShape) {
    if (inputShape.length != 3 || inputShape[1] != inputShape[2]) {
      throw new ConfigException("nas.data", "MBConv needs square images [channels, size, size], got "
          + java.util.Arrays.toString(inputShape));
    }
    List<Long> layers = s.longList(PREFIX + "layers");
    if (layers.size() != BLOCKS || layers.stream().anyMatch(n -> n < 1 || n > 8)) {
      throw new ConfigException(PREFIX + "layers", "needs " + BLOCKS + " layer counts in [1, 8], got " + layers);
    }
    return new MbconvSettings((int) inputShape[1],
        s.intIn(PREFIX + "stem-stride", 1, 2),
        s.doubleIn(PREFIX + "width-multiplier", 0, 4),
        layers.stream().map(Long::intValue).toList());
  }

  /** Output channels of searched block {@code block}. */
  public int width(int block) {
    return scaled(REFERENCE_WIDTHS[checkBlock(block)]);
  }

  /** Stride of the first layer of searched block {@code block}. */
  public int stride(int block) {
    return STRIDES[checkBlock(block)];
  }

  /** Output channels of the stem convolution (reference 32). */
  public int stemWidth() {
    return scaled(REFERENCE_STEM_WIDTH);
  }

  /** Output channels of the stem's MB1 layer, the input of block 0 (reference 16). */
  public int stemOutWidth() {
    return scaled(REFERENCE_STEM_OUT_WIDTH);
  }

  /** Output channels of the fixed, unsearched last layer (reference 320). */
  public int lastWidth() {
    return scaled(REFERENCE_LAST_WIDTH);
  }

  /** Height = width after the stem. */
  public int stemResolution() {
    return stemStride == 2 ? (inputSize + 1) / 2 : inputSize;
  }

  /** Height = width of the output of searched block {@code block} (stride-2 layers round up). */
  public int resolution(int block) {
    int r = stemResolution();
    for (int b = 0; b <= checkBlock(block); b++) {
      r = stride(b) == 2 ? (r + 1) / 2 : r;
    }
    return r;
  }

  /**
   * EfficientNet's channel rounding (timm {@code make_divisible}): the nearest multiple of
   * {@code divisor}, at least {@code divisor}, and never more than 10% below {@code v}.
   */
  public static int makeDivisible(double v, int divisor) {
    int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    return rounded < 0.9 * v ? rounded + divisor : rounded;
  }

  private int scaled(int reference) {
    return makeDivisible(reference * widthMultiplier, 8);
  }

  private static int checkBlock(int block) {
    if (block < 0 || block >= BLOCKS) {
      throw new IllegalArgumentException("MBConv block " + block + " out of range [0, " + BLOCKS + ")");
    }
    return block;
  }
}
