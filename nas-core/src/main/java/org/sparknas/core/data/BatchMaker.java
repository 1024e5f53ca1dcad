package org.sparknas.core.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.runtime.Seeds;

/**
 * Turns index arrays into {@link Batch}es of one dataset: copy (augmenting if asked), normalise, then
 * one {@code Nd4j.create} per array.
 *
 * <pre>{@code
 * BatchMaker train = new BatchMaker(split.train(), norm, new Augmentation(true, 4, true), seed);
 * Batch b = train.make(sampler.randomBatch(step), step);
 * }</pre>
 *
 * <p>The augmentation of image {@code i} at step {@code s} draws from a generator seeded with
 * {@code Seeds.seed(seed, "augment", s, i)}: it depends only on (seed, step, image), not on the batch
 * composition, so splitting a batch into shards (local[1] vs local[2]) or retrying a task gives the
 * same pixels. Thread-safe: it keeps no mutable state.
 */
public final class BatchMaker {
  private final ImageDataset data;
  private final Normalization normalization;
  private final Augmentation augmentation;
  private final long seed;

  public BatchMaker(ImageDataset data, Normalization normalization, Augmentation augmentation, long seed) {
    if (normalization.channels() != data.channels()) {
      throw new IllegalArgumentException(data.name() + ": normalisation has " + normalization.channels()
          + " channels but the images have " + data.channels());
    }
    this.data = data;
    this.normalization = normalization;
    this.augmentation = augmentation;
    this.seed = seed;
  }

  public ImageDataset data() {
    return data;
  }

  /** The batch of images {@code indices} (in that order) at training step {@code step}. */
  public Batch make(int[] indices, long step) {
    if (indices.length == 0) {
      throw new IllegalArgumentException(data.name() + ": a batch needs at least one index");
    }
    int b = indices.length;
    int c = data.channels();
    int h = data.height();
    int w = data.width();
    int d = data.imageSize();
    int k = data.numClasses();
    float[] src = data.pixelsUnsafe();
    float[] x = new float[Math.multiplyExact(b, d)];
    float[] y = new float[b * k];
    int[] classes = new int[b];
    boolean augment = augmentation.active();
    for (int j = 0; j < b; j++) {
      int i = indices[j];
      if (i < 0 || i >= data.size()) {
        throw new IndexOutOfBoundsException(data.name() + ": index " + i + " outside 0.." + (data.size() - 1));
      }
      if (augment) {
        augmentation.apply(src, i * d, x, j * d, c, h, w, new SplittableRandom(Seeds.seed(seed, "augment", step, i)));
      } else {
        System.arraycopy(src, i * d, x, j * d, d);
      }
      normalization.applyInPlace(x, j * d, h * w);
      classes[j] = data.label(i);
      y[j * k + classes[j]] = 1f;
    }
    return new Batch(
        Nd4j.create(x, new long[] {b, c, h, w}, DataType.FLOAT), Nd4j.create(y, new long[] {b, k}, DataType.FLOAT), classes);
  }
}
