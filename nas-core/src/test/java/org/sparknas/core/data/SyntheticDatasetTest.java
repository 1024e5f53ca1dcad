package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
  private static final SyntheticDataset SPEC = SyntheticDataset.defaults().withSizes(400, 50).withClasses(8)
      .withShape(2, 8, 8);

  private static float[] all(ImageDataset d) {
    float[] out = new float[d.size() * d.imageSize()];
    for (int i = 0; i < d.size(); i++) {
      System.arraycopy(d.image(i), 0, out, i * d.imageSize(), d.imageSize());
    }
    return out;
  }

  @Test
  @DisplayName("same seed gives identical data; another seed or the test split differs")
  void seeded() {
    ImageDataset a = SPEC.generate(Split.TRAIN, 11);
    ImageDataset b = SPEC.generate(Split.TRAIN, 11);
    assertArrayEquals(a.labels(), b.labels());
    assertArrayEquals(all(a), all(b), 0f);
    ImageDataset c = SPEC.generate(Split.TRAIN, 12);
    assertFalse(Arrays.equals(all(a), all(c)));
    assertFalse(Arrays.equals(a.image(0), SPEC.generate(Split.TEST, 11).image(0)));
    // image i does not depend on how many images are generated
    assertArrayEquals(a.image(7), SPEC.withSizes(8, 1).generate(Split.TRAIN, 11).image(7), 0f);
  }

  @Test
  @DisplayName("shape and classes as configured, classes roughly balanced")
  void balance() {
    ImageDataset d = SPEC.generate(Split.TRAIN, 3);
    assertEquals(400, d.size());
    assertEquals(2, d.channels());
    assertEquals(8, d.numClasses());
    assertEquals(SyntheticDataset.NAME, d.name());
    for (int count : d.classCounts()) {
      assertTrue(count > 25 && count < 75, Arrays.toString(d.classCounts())); // expectation 50
    }
  }

  @Test
  @DisplayName("patterns are +-1, zero-mean and mutually orthogonal on 8x8")
  void patterns() {
    for (int k = 0; k < 8; k++) {
      float[] p = SyntheticDataset.pattern(k, 8, 8);
      for (int j = 0; j < 8; j++) {
        float[] q = SyntheticDataset.pattern(j, 8, 8);
        double dot = 0;
        for (int i = 0; i < p.length; i++) {
          dot += p[i] * q[i];
        }
        double expected = j == k ? 64 : (j / 2 == k / 2 ? -64 : 0);
        assertEquals(expected, dot, 1e-9, "classes " + k + ", " + j);
      }
      assertEquals(0, sumOf(p), 1e-9);
    }
    assertEquals(1f, SyntheticDataset.pattern(0, 2, 2)[0]);
    assertEquals(-1f, SyntheticDataset.pattern(0, 2, 2)[1]);
  }

  private static double sumOf(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v;
    }
    return s;
  }

  @Test
  @DisplayName("the planted pattern decides the label: template matching is accurate")
  void plantedSignal() {
    ImageDataset d = SPEC.withSignal(1.0, 1.0).generate(Split.TEST, 5);
    int correct = 0;
    for (int i = 0; i < d.size(); i++) {
      float[] img = d.image(i);
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 8; k++) {
        float[] p = SyntheticDataset.pattern(k, 8, 8);
        double s = 0;
        for (int j = 0; j < img.length; j++) {
          s += img[j] * p[j % 64];
        }
        if (s > bestScore) {
          bestScore = s;
          best = k;
        }
      }
      correct += best == d.label(i) ? 1 : 0;
    }
    assertTrue(correct >= 48, correct + " of 50");
  }

  @Test
  @DisplayName("bad parameters are refused with the key")
  void validation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SPEC.withClasses(9));
    assertTrue(e.getMessage().contains("data.synthetic.classes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SPEC.withSignal(0, 1));
    assertThrows(IllegalArgumentException.class, () -> SPEC.withShape(1, 1, 8));
  }
}
