package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

  @Test
  @DisplayName("an epoch visits every index once; same seed same order; epochs differ")
  void epochPermutation() {
    BatchSampler s = new BatchSampler(103, 10, 5, false);
    int[] seen = new int[103];
    List<int[]> batches = s.batches(0);
    assertEquals(11, batches.size());
    assertEquals(3, batches.get(10).length);
    for (int[] b : batches) {
      for (int i : b) {
        seen[i]++;
      }
    }
    for (int count : seen) {
      assertEquals(1, count);
    }
    BatchSampler again = new BatchSampler(103, 10, 5, false);
    for (int b = 0; b < batches.size(); b++) {
      assertArrayEquals(batches.get(b), again.batches(0).get(b));
    }
    assertFalse(Arrays.equals(s.permutation(0), s.permutation(1)));
    assertFalse(Arrays.equals(s.permutation(0), new BatchSampler(103, 10, 6, false).permutation(0)));
  }

  @Test
  @DisplayName("drop-last (default) drops the partial batch")
  void dropLast() {
    BatchSampler s = new BatchSampler(103, 10, 5);
    assertEquals(10, s.batchesPerEpoch());
    for (int[] b : s.batches(2)) {
      assertEquals(10, b.length);
    }
    assertArrayEquals(Arrays.copyOf(s.permutation(2), 10), s.batches(2).get(0));
  }

  @Test
  @DisplayName("randomBatch(step): distinct indices, in range, reproducible, different per step")
  void randomBatch() {
    BatchSampler s = new BatchSampler(50, 20, 9);
    int[] hits = new int[50];
    for (long step = 0; step < 200; step++) {
      int[] b = s.randomBatch(step);
      assertEquals(20, b.length);
      assertEquals(20, Arrays.stream(b).distinct().count(), "duplicates at step " + step);
      for (int i : b) {
        assertTrue(i >= 0 && i < 50);
        hits[i]++;
      }
      assertArrayEquals(b, new BatchSampler(50, 20, 9).randomBatch(step));
    }
    assertFalse(Arrays.equals(s.randomBatch(0), s.randomBatch(1)));
    for (int h : hits) { // expectation 80 per index
      assertTrue(h > 40 && h < 120, Arrays.toString(hits));
    }
    int[] full = new BatchSampler(7, 7, 1).randomBatch(3);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, Arrays.stream(full).sorted().toArray());
  }

  @Test
  @DisplayName("batch larger than the data is refused")
  void tooLarge() {
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(5, 6, 0));
  }
}
