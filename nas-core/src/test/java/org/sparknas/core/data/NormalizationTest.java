package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  @DisplayName("statistics computed on the training half give mean 0, std 1 per channel there")
  void computed() {
    ImageDataset data = SyntheticDataset.defaults().withSizes(200, 1).withShape(3, 6, 6).withSignal(0.7, 0.3)
        .generate(Split.TRAIN, 1);
    ImageDataset train = SearchSplit.of(data, 0, 0.5, 1).train();
    Normalization n = Normalization.computed(train);
    assertEquals(3, n.channels());
    int plane = 36;
    for (int c = 0; c < 3; c++) {
      double s = 0;
      double q = 0;
      for (int i = 0; i < train.size(); i++) {
        float[] img = train.image(i);
        n.applyInPlace(img, 0, plane);
        for (int j = c * plane; j < (c + 1) * plane; j++) {
          s += img[j];
          q += img[j] * img[j];
        }
      }
      double count = (double) train.size() * plane;
      assertEquals(0, s / count, 1e-4, "mean of channel " + c);
      assertEquals(1, Math.sqrt(q / count - (s / count) * (s / count)), 1e-4, "std of channel " + c);
    }
  }

  @Test
  @DisplayName("published statistics and their application")
  void published() {
    assertSame(Normalization.FASHION_MNIST, Normalization.published("fashion-mnist"));
    assertSame(Normalization.CIFAR10, Normalization.published("cifar10"));
    assertEquals(null, Normalization.published("synthetic"));
    assertEquals(0.48215827f, Normalization.CIFAR10.mean(1));
    assertEquals(0.26158768f, Normalization.CIFAR10.std(2));
    float[] v = {0.2860f + 0.3530f};
    Normalization.FASHION_MNIST.applyInPlace(v, 0, 1);
    assertEquals(1f, v[0], 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> Normalization.of(new double[] {0}, new double[] {0}));
  }
}
