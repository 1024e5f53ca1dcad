package org.sparknas.core.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Training-time augmentation as in DARTS and torchvision: a random crop with zero padding
 * ({@code RandomCrop(size, padding)}: pad every side of the raw image with {@code padding} zeros, cut
 * a window of the original size at a uniform offset), then a random horizontal flip with probability
 * 0.5. Each part can be switched off; the randomness comes from the generator passed in, so a given
 * seed gives a given image.
 *
 * <pre>{@code
 * Augmentation a = new Augmentation(true, 4, true);      // CIFAR-10 search setting
 * a.apply(src, 0, dst, 0, 3, 32, 32, new SplittableRandom(seed));
 * }</pre>
 *
 * <p>Draw order per image (fixed, so it is reproducible): crop row offset, crop column offset (only
 * when cropping), then the flip coin (only when flipping).
 */
public record Augmentation(boolean crop, int padding, boolean flip) implements java.io.Serializable {
  /** No augmentation. */
  public static final Augmentation NONE = new Augmentation(false, 0, false);

  public Augmentation {
    if (padding < 0) {
      throw new IllegalArgumentException("data.augmentation.padding must be >= 0, got " + padding);
    }
  }

  /** True when {@link #apply} can change an image. */
  public boolean active() {
    return (crop && padding > 0) || flip;
  }

  /**
   * Writes the augmented copy of the CHW image at {@code src[srcOff..]} to {@code dst[dstOff..]}
   * (distinct arrays or non-overlapping ranges).
   */
  public void apply(float[] src, int srcOff, float[] dst, int dstOff, int c, int h, int w, RandomGenerator rng) {
    int dy = 0;
    int dx = 0;
    if (crop && padding > 0) {
      dy = rng.nextInt(2 * padding + 1) - padding;
      dx = rng.nextInt(2 * padding + 1) - padding;
    }
    boolean mirror = flip && rng.nextBoolean();
    transform(src, srcOff, dst, dstOff, c, h, w, dy, dx, mirror);
  }

  /**
   * The deterministic core: output pixel {@code (y, x)} is input pixel {@code (y + dy, x' + dx)} with
   * {@code x' = mirror ? w - 1 - x : x}, or 0 outside the image. {@code dy, dx} in {@code -padding..padding}
   * are the crop window's offsets from the centred position; (0, 0, false) copies the image.
   */
  public static void transform(
      float[] src, int srcOff, float[] dst, int dstOff, int c, int h, int w, int dy, int dx, boolean mirror) {
    for (int ch = 0; ch < c; ch++) {
      int sPlane = srcOff + ch * h * w;
      int dPlane = dstOff + ch * h * w;
      for (int y = 0; y < h; y++) {
        int sy = y + dy;
        int dRow = dPlane + y * w;
        if (sy < 0 || sy >= h) {
          Arrays.fill(dst, dRow, dRow + w, 0f);
          continue;
        }
        int sRow = sPlane + sy * w;
        for (int x = 0; x < w; x++) {
          int sx = (mirror ? w - 1 - x : x) + dx;
          dst[dRow + x] = sx >= 0 && sx < w ? src[sRow + sx] : 0f;
        }
      }
    }
  }
}
