package org.sparknas.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparknas.core.runtime.Seeds;

/**
 * Seeded, stateless choice of batch indices over a dataset of {@code size} images.
 *
 * <pre>{@code
 * BatchSampler s = new BatchSampler(split.train().size(), 64, seed, true);
 * for (int[] idx : s.batches(epoch)) { ... }          // weights: one pass per epoch
 * int[] v = validSampler.randomBatch(step);            // DARTS: a fresh validation batch per step
 * }</pre>
 *
 * <ul>
 *   <li>{@link #batches(int)}: a permutation seeded with {@code Seeds.seed(seed, "sampler.epoch", epoch)},
 *       cut into consecutive batches of {@code batchSize}; the last partial batch is dropped when
 *       {@code dropLast} (the default of {@link #BatchSampler(int, int, long)}) or kept.
 *   <li>{@link #randomBatch(long)}: {@code batchSize} distinct indices drawn with a generator seeded with
 *       {@code Seeds.seed(seed, "sampler.step", step)}; draws at different steps are independent
 *       (sampling with replacement across steps).
 * </ul>
 * Nothing depends on call order, so a retried task or a resumed run redraws exactly the same batches.
 */
public final class BatchSampler {
  private final int size;
  private final int batchSize;
  private final long seed;
  private final boolean dropLast;

  public BatchSampler(int size, int batchSize, long seed, boolean dropLast) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (size < batchSize) {
      throw new IllegalArgumentException(
          "batch size " + batchSize + " is larger than the " + size + " images it samples from");
    }
    this.size = size;
    this.batchSize = batchSize;
    this.seed = seed;
    this.dropLast = dropLast;
  }

  /** Drops the last partial batch of each epoch. */
  public BatchSampler(int size, int batchSize, long seed) {
    this(size, batchSize, seed, true);
  }

  public int size() {
    return size;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Batches per epoch: {@code floor(size / B)} when dropping the last partial batch, else {@code ceil}. */
  public int batchesPerEpoch() {
    return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
  }

  /** The order in which epoch {@code epoch} visits the images: a permutation of {@code 0..size-1}. */
  public int[] permutation(int epoch) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.seed(seed, "sampler.epoch", epoch));
    for (int i = size - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Epoch {@code epoch} as consecutive slices of {@link #permutation(int)}. */
  public List<int[]> batches(int epoch) {
    int[] p = permutation(epoch);
    int count = batchesPerEpoch();
    List<int[]> out = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      out.add(Arrays.copyOfRange(p, b * batchSize, Math.min(size, (b + 1) * batchSize)));
    }
    return out;
  }

  /**
   * {@code batchSize} distinct indices for step {@code step}, by a partial Fisher-Yates shuffle that
   * only records the swapped positions, so the cost is O(B) whatever the dataset size.
   */
  public int[] randomBatch(long step) {
    SplittableRandom rng = new SplittableRandom(Seeds.seed(seed, "sampler.step", step));
    Map<Integer, Integer> swapped = new HashMap<>();
    int[] out = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      int j = i + rng.nextInt(size - i);
      int atJ = swapped.getOrDefault(j, j);
      int atI = swapped.getOrDefault(i, i);
      out[i] = atJ;
      swapped.put(j, atI);
    }
    return out;
  }
}
