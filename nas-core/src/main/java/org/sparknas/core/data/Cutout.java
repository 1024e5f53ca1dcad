package org.sparknas.core.data;

import java.io.Serializable;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Cutout (DeVries and Taylor 2017) as DARTS's evaluation training applies it: after normalisation,
 * a {@code length x length} square centred at a uniformly drawn pixel is set to zero on every channel,
 * clipped at the image border (so near an edge less is cut). Length 0 switches it off.
 * <pre>{@code
 * new Cutout(16).apply(batch.features(), 3, new SplittableRandom(seed));   // example 3 of the batch
 * }</pre>
 */
public record Cutout(int length) implements Serializable {
  public static final Cutout NONE = new Cutout(0);

  public Cutout {
    if (length < 0) {
      throw new IllegalArgumentException("cutout length must be >= 0, got " + length);
    }
  }

  public boolean active() {
    return length > 0;
  }

  /** Cuts example {@code example} of an NCHW batch in place; draws the centre row, then the column. */
  public void apply(INDArray images, int example, RandomGenerator rng) {
    long h = images.size(2);
    long w = images.size(3);
    int cy = rng.nextInt((int) h);
    int cx = rng.nextInt((int) w);
    images.get(NDArrayIndex.point(example), NDArrayIndex.all(),
        NDArrayIndex.interval(Math.max(0, cy - length / 2), Math.min(h, cy + length / 2)),
        NDArrayIndex.interval(Math.max(0, cx - length / 2), Math.min(w, cx + length / 2))).assign(0);
  }
}
