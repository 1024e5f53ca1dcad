package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Two augmented views per image: crops and flips of the image, seeded per (step, image, view). */
class TwoViewMakerTest {
  private static final int PAD = 2;
  private static final ImageDataset DATA =
      SyntheticDataset.defaults().withSizes(24, 1).withClasses(3).withShape(2, 6, 7).generate(Split.TRAIN, 9);
  private static final Augmentation CROP_FLIP = new Augmentation(true, PAD, true);
  private static final TwoViewMaker VIEWS =
      new TwoViewMaker(DATA, Normalization.identity(2), CROP_FLIP, CROP_FLIP, 123);

  private static float[] row(INDArray features, int b) {
    return features.get(NDArrayIndex.point(b)).dup().data().asFloat();
  }

  /** Whether {@code view} is the image cropped at some offset within the padding and maybe mirrored. */
  private static boolean isCropFlip(float[] view, int image) {
    float[] src = DATA.image(image);
    float[] out = new float[src.length];
    for (int dy = -PAD; dy <= PAD; dy++) {
      for (int dx = -PAD; dx <= PAD; dx++) {
        for (boolean mirror : new boolean[] {false, true}) {
          Augmentation.transform(src, 0, out, 0, 2, 6, 7, dy, dx, mirror);
          if (Arrays.equals(out, view)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Test
  @DisplayName("every view is a crop-and-flip of its image, and the two views of an image usually differ")
  void viewsAreCropFlips() {
    int[] idx = {0, 5, 7, 11, 13, 17, 19, 23};
    TwoViews v = VIEWS.make(idx, 4, 0);
    assertEquals(idx.length, v.size());
    int differ = 0;
    for (int j = 0; j < idx.length; j++) {
      assertTrue(isCropFlip(row(v.first().features(), j), idx[j]), "first view of image " + idx[j]);
      assertTrue(isCropFlip(row(v.second().features(), j), idx[j]), "second view of image " + idx[j]);
      differ += Arrays.equals(row(v.first().features(), j), row(v.second().features(), j)) ? 0 : 1;
      assertEquals(DATA.label(idx[j]), v.first().classes()[j]);
    }
    assertTrue(differ >= idx.length - 2, "views identical for " + (idx.length - differ) + " of " + idx.length + " images");
  }

  @Test
  @DisplayName("reproducible, and independent of the batch: an image's views are the same alone or in a batch")
  void seeding() {
    TwoViews whole = VIEWS.make(new int[] {3, 8, 12}, 5, 0);
    TwoViews again = VIEWS.make(new int[] {3, 8, 12}, 5, 0);
    assertArrayEquals(whole.first().features().data().asFloat(), again.first().features().data().asFloat(), 0f);
    assertArrayEquals(whole.second().features().data().asFloat(), again.second().features().data().asFloat(), 0f);
    TwoViews alone = VIEWS.make(new int[] {8}, 5, 0);
    assertArrayEquals(row(whole.first().features(), 1), row(alone.first().features(), 0), 0f);
    assertArrayEquals(row(whole.second().features(), 1), row(alone.second().features(), 0), 0f);
    TwoViews sameSeed = new TwoViewMaker(DATA, Normalization.identity(2), CROP_FLIP, CROP_FLIP, 123)
        .make(new int[] {3, 8, 12}, 5, 0);
    assertArrayEquals(whole.second().features().data().asFloat(), sameSeed.second().features().data().asFloat(), 0f);
  }

  @Test
  @DisplayName("steps, pairs and seeds draw new views")
  void freshViews() {
    int[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
    float[] base = VIEWS.make(idx, 5, 0).first().features().data().asFloat();
    assertFalse(Arrays.equals(base, VIEWS.make(idx, 6, 0).first().features().data().asFloat()), "next step");
    assertFalse(Arrays.equals(base, VIEWS.make(idx, 5, 1).first().features().data().asFloat()), "next pair");
    assertFalse(Arrays.equals(base, new TwoViewMaker(DATA, Normalization.identity(2), CROP_FLIP, CROP_FLIP, 124)
        .make(idx, 5, 0).first().features().data().asFloat()), "other seed");
  }

  @Test
  @DisplayName("configurable: without augmentation both views are the plain normalised batch")
  void noAugmentation() {
    Normalization norm = Normalization.of(new double[] {0.5, 0.25}, new double[] {2, 4});
    TwoViews v = new TwoViewMaker(DATA, norm, Augmentation.NONE, Augmentation.NONE, 1).make(new int[] {2, 9}, 3, 0);
    float[] plain = DATA.batch(new int[] {2, 9}, norm).features().data().asFloat();
    assertArrayEquals(plain, v.first().features().data().asFloat(), 0f);
    assertArrayEquals(plain, v.second().features().data().asFloat(), 0f);
  }
}
