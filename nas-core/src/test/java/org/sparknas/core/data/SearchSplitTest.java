package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SearchSplitTest {
  /** 100 images of 1x1x2 whose first pixel is the image index, labels sorted by class (worst case). */
  private static ImageDataset indexed() {
    int n = 100;
    float[] px = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      px[2 * i] = i;
      labels[i] = i / 25;
    }
    return ImageDataset.of("indexed", px, labels, 1, 1, 2, 4);
  }

  private static int[] ids(ImageDataset d) {
    return IntStream.range(0, d.size()).map(i -> (int) d.pixel(i, 0, 0, 0)).toArray();
  }

  @Test
  @DisplayName("subset 0: whole file, first half train, second half valid, as DARTS")
  void wholeFileByIndex() {
    SearchSplit s = SearchSplit.of(indexed(), 0, 0.5, 1);
    assertArrayEquals(IntStream.range(0, 50).toArray(), ids(s.train()));
    assertArrayEquals(IntStream.range(50, 100).toArray(), ids(s.valid()));
    assertArrayEquals(ids(s.train()), s.trainIndices());
    SearchSplit q = SearchSplit.of(indexed(), 0, 0.8, 1);
    assertEquals(80, q.train().size());
    assertEquals(20, q.valid().size());
  }

  @Test
  @DisplayName("seeded subset: halves disjoint, covering the subset, labels follow images, reproducible")
  void subset() {
    ImageDataset full = indexed();
    SearchSplit s = SearchSplit.of(full, 40, 0.5, 7);
    assertEquals(20, s.train().size());
    assertEquals(20, s.valid().size());
    int[] both = IntStream.concat(Arrays.stream(s.trainIndices()), Arrays.stream(s.validIndices())).sorted().toArray();
    assertEquals(40, Arrays.stream(both).distinct().count(), "halves overlap");
    assertArrayEquals(s.trainIndices(), ids(s.train()));
    assertArrayEquals(s.validIndices(), ids(s.valid()));
    for (int i = 0; i < s.train().size(); i++) {
      assertEquals(full.label(s.trainIndices()[i]), s.train().label(i));
    }
    assertArrayEquals(s.trainIndices(), SearchSplit.of(full, 40, 0.5, 7).trainIndices());
    assertFalse(Arrays.equals(s.trainIndices(), SearchSplit.of(full, 40, 0.5, 8).trainIndices()));
  }

  @Test
  @DisplayName("a random subset of a class-sorted file still has every class in both halves")
  void balancedInExpectation() {
    int[] trainCounts = new int[4];
    int[] validCounts = new int[4];
    for (long seed = 0; seed < 20; seed++) {
      SearchSplit s = SearchSplit.of(indexed(), 40, 0.5, seed);
      int[] t = s.train().classCounts();
      int[] v = s.valid().classCounts();
      for (int k = 0; k < 4; k++) {
        trainCounts[k] += t[k];
        validCounts[k] += v[k];
      }
    }
    for (int k = 0; k < 4; k++) { // expectation 100 each over 20 seeds
      assertTrue(trainCounts[k] > 70 && trainCounts[k] < 130, Arrays.toString(trainCounts));
      assertTrue(validCounts[k] > 70 && validCounts[k] < 130, Arrays.toString(validCounts));
    }
  }

  @Test
  @DisplayName("portion outside (0,1) or an empty half is refused")
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> SearchSplit.of(indexed(), 0, 1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> SearchSplit.of(indexed(), 0, 0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSplit.of(indexed(), 3, 0.2, 0));
    assertTrue(e.getMessage().contains("empty half"), e.getMessage());
  }
}
