package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static final int C = 2;
  private static final int H = 3;
  private static final int W = 4;

  private static float[] image() {
    float[] img = new float[C * H * W];
    for (int i = 0; i < img.length; i++) {
      img[i] = i + 1;
    }
    return img;
  }

  private static float[] transform(float[] src, int dy, int dx, boolean mirror) {
    float[] out = new float[src.length];
    Augmentation.transform(src, 0, out, 0, C, H, W, dy, dx, mirror);
    return out;
  }

  @Test
  @DisplayName("flip twice is the identity; flip mirrors each row")
  void flip() {
    float[] img = image();
    float[] once = transform(img, 0, 0, true);
    assertEquals(img[3], once[0]);
    assertEquals(img[W], once[2 * W - 1]);
    assertArrayEquals(img, transform(once, 0, 0, true), 0f);
  }

  @Test
  @DisplayName("crop with padding 0 (or crop off) is the identity, whatever the generator")
  void cropPadZero() {
    float[] img = image();
    for (Augmentation a : new Augmentation[] {new Augmentation(true, 0, false), Augmentation.NONE}) {
      float[] out = new float[img.length];
      a.apply(img, 0, out, 0, C, H, W, new SplittableRandom(1));
      assertArrayEquals(img, out, 0f);
      assertFalse(a.active());
    }
  }

  @Test
  @DisplayName("a shifted crop moves pixels and fills the padding with raw 0")
  void shiftedCrop() {
    float[] img = image();
    float[] out = transform(img, 1, -1, false); // window one row down, one column left
    for (int c = 0; c < C; c++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int sy = y + 1;
          int sx = x - 1;
          float expected = sy < H && sx >= 0 ? img[(c * H + sy) * W + sx] : 0f;
          assertEquals(expected, out[(c * H + y) * W + x], "c" + c + " y" + y + " x" + x);
        }
      }
    }
  }

  @Test
  @DisplayName("random crop+flip: same generator seed same image, offsets within padding, writes at offset")
  void randomIsSeeded() {
    Augmentation a = new Augmentation(true, 2, true);
    float[] img = image();
    float[] dst1 = new float[3 * img.length];
    float[] dst2 = new float[3 * img.length];
    a.apply(img, 0, dst1, img.length, C, H, W, new SplittableRandom(42));
    a.apply(img, 0, dst2, img.length, C, H, W, new SplittableRandom(42));
    assertArrayEquals(dst1, dst2, 0f);
    assertEquals(0f, dst1[0]);
    assertEquals(0f, dst1[2 * img.length]);
    boolean changed = false;
    for (long s = 0; s < 20; s++) {
      float[] out = new float[img.length];
      a.apply(img, 0, out, 0, C, H, W, new SplittableRandom(s));
      changed |= !Arrays.equals(out, img);
      for (float v : out) { // every value is a source value or padding
        assertTrue(v == 0f || (v >= 1 && v <= img.length && v == Math.rint(v)));
      }
    }
    assertTrue(changed);
  }
}
