package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BatchMakerTest {
  private static final ImageDataset DATA =
      SyntheticDataset.defaults().withSizes(20, 1).withClasses(3).withShape(3, 5, 6).generate(Split.TRAIN, 4);

  private static float[] row(INDArray features, int b) {
    return features.get(NDArrayIndex.point(b)).dup().data().asFloat();
  }

  @Test
  @DisplayName("shapes, dtype, one-hot labels and normalised pixels")
  void shapes() {
    Normalization norm = Normalization.of(new double[] {0.1, 0.2, 0.3}, new double[] {2, 4, 8});
    int[] idx = {4, 0, 19};
    Batch b = DATA.batch(idx, norm);
    assertArrayEquals(new long[] {3, 3, 5, 6}, b.features().shape());
    assertArrayEquals(new long[] {3, 3}, b.labels().shape());
    assertEquals(DataType.FLOAT, b.features().dataType());
    assertEquals(DataType.FLOAT, b.labels().dataType());
    assertEquals(3, b.size());
    for (int j = 0; j < idx.length; j++) {
      assertEquals(DATA.label(idx[j]), b.classes()[j]);
      for (int k = 0; k < 3; k++) {
        assertEquals(k == b.classes()[j] ? 1f : 0f, b.labels().getFloat(j, k));
      }
      assertEquals((DATA.pixel(idx[j], 2, 4, 5) - 0.3f) / 8f, b.features().getFloat(j, 2, 4, 5), 1e-6f);
      assertEquals((DATA.pixel(idx[j], 0, 1, 2) - 0.1f) / 2f, b.features().getFloat(j, 0, 1, 2), 1e-6f);
    }
  }

  @Test
  @DisplayName("augmentation depends on (seed, step, image) only: reproducible, shard-independent")
  void augmentationSeeding() {
    BatchMaker m = new BatchMaker(DATA, Normalization.identity(3), new Augmentation(true, 2, true), 77);
    Batch whole = m.make(new int[] {3, 8, 12}, 5);
    Batch again = m.make(new int[] {3, 8, 12}, 5);
    assertArrayEquals(whole.features().data().asFloat(), again.features().data().asFloat(), 0f);
    Batch shard = m.make(new int[] {8}, 5);
    assertArrayEquals(row(whole.features(), 1), row(shard.features(), 0), 0f);
    boolean differs = false;
    for (long step = 6; step < 12; step++) {
      differs |= !Arrays.equals(row(whole.features(), 0), row(m.make(new int[] {3}, step).features(), 0));
    }
    assertTrue(differs, "augmentation never changed across steps");
  }

  @Test
  @DisplayName("bad indices and channel mismatch are refused")
  void validation() {
    assertThrows(IndexOutOfBoundsException.class, () -> DATA.batch(new int[] {20}, Normalization.identity(3)));
    assertThrows(IllegalArgumentException.class, () -> DATA.batch(new int[0], Normalization.identity(3)));
    assertThrows(IllegalArgumentException.class, () -> DATA.batch(new int[] {1}, Normalization.FASHION_MNIST));
  }
}
