package org.sparknas.core.data;

import java.util.Arrays;
import org.sparknas.core.runtime.Seeds;

/**
 * The search split of a training file: two disjoint parts, {@link #train()} for the network weights and
 * {@link #valid()} for the architecture parameters (DARTS {@code train_portion}).
 *
 * <pre>{@code
 * SearchSplit s = SearchSplit.of(fullTrain, 5000, 0.5, seed);   // 2500 + 2500 images
 * }</pre>
 *
 * <ul>
 *   <li>{@code subset} 0 (or at least the file size): the whole file in file order, the first
 *       {@code floor(portion * n)} images train, the rest valid, exactly as the DARTS reference does.
 *   <li>{@code subset} m &gt; 0: m distinct images chosen by a partial shuffle seeded with
 *       {@code Seeds.seed(seed, "data.subset")}; the first {@code floor(portion * m)} drawn go to train,
 *       the rest to valid. Every image is equally likely in either half, so classes are balanced in
 *       expectation even if the file were sorted by class. Each half keeps file order.
 * </ul>
 * The indices into the training file are kept for the run manifest.
 */
public final class SearchSplit implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final double DEFAULT_PORTION = 0.5;

  private final ImageDataset train;
  private final ImageDataset valid;
  private final int[] trainIndices;
  private final int[] validIndices;

  private SearchSplit(ImageDataset full, int[] trainIndices, int[] validIndices) {
    this.train = full.subset(trainIndices);
    this.valid = full.subset(validIndices);
    this.trainIndices = trainIndices;
    this.validIndices = validIndices;
  }

  /** Splits {@code full}; see the class comment for {@code subset} and {@code portion}. */
  public static SearchSplit of(ImageDataset full, int subset, double portion, long seed) {
    if (!(portion > 0 && portion < 1)) {
      throw new IllegalArgumentException("data.portion must be strictly between 0 and 1, got " + portion);
    }
    if (subset < 0) {
      throw new IllegalArgumentException("data.trainSubset must be >= 0 (0 = all), got " + subset);
    }
    int n = full.size();
    int[] order;
    if (subset == 0 || subset >= n) {
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
    } else {
      order = ImageDataset.drawIndices(n, subset, Seeds.seed(seed, "data.subset"));
    }
    int m = order.length;
    int cut = (int) Math.floor(portion * m);
    if (cut < 1 || cut >= m) {
      throw new IllegalArgumentException("search split of " + m + " images of " + full.name()
          + " with portion " + portion + " leaves an empty half (" + cut + " train, " + (m - cut) + " valid)");
    }
    int[] tr = Arrays.copyOfRange(order, 0, cut);
    int[] va = Arrays.copyOfRange(order, cut, m);
    Arrays.sort(tr);
    Arrays.sort(va);
    return new SearchSplit(full, tr, va);
  }

  /** Images for the weight updates. */
  public ImageDataset train() {
    return train;
  }

  /** Images for the architecture updates. */
  public ImageDataset valid() {
    return valid;
  }

  /** Positions of {@link #train()}'s images in the training file, ascending. */
  public int[] trainIndices() {
    return trainIndices.clone();
  }

  /** Positions of {@link #valid()}'s images in the training file, ascending. */
  public int[] validIndices() {
    return validIndices.clone();
  }
}
