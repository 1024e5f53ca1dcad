package org.sparknas.core.data;

import org.sparknas.core.runtime.Seeds;

/**
 * Makes the two augmented views per image of BossNAS's self-supervised training (specs/algorithms.md
 * B.3 step 2; at CIFAR scale both views are a random crop with zero padding and a random flip). The
 * augmentation of view v of pair p of image i at step s is seeded by (seed, p, v, s, i) only, so it does
 * not depend on the batch's composition: a sharded batch, a retried task and local[1] vs local[2] all
 * see the same pixels. The rating's fixed views are the views of one fixed step, regenerated
 * identically wherever they are needed instead of being shipped.
 * <pre>{@code
 * TwoViewMaker views = new TwoViewMaker(train, norm, crop4flip, crop4flip, seed);
 * TwoViews v = views.make(indices, step, 0);           // one pair shared by all K paths (NATS)
 * TwoViews own = views.make(indices, step, pathIndex);  // a pair per path (the ImageNet setting)
 * }</pre>
 */
public final class TwoViewMaker implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final ImageDataset data;
  private final Normalization normalization;
  private final Augmentation first;
  private final Augmentation second;
  private final long seed;

  public TwoViewMaker(ImageDataset data, Normalization normalization, Augmentation first, Augmentation second,
      long seed) {
    if (normalization.channels() != data.channels()) {
      throw new IllegalArgumentException(data.name() + ": normalisation has " + normalization.channels()
          + " channels but the images have " + data.channels());
    }
    this.data = data;
    this.normalization = normalization;
    this.first = first;
    this.second = second;
    this.seed = seed;
  }

  /** Both views of the images {@code indices} (in that order) at step {@code step}, from view pair {@code pair}. */
  public TwoViews make(int[] indices, long step, int pair) {
    if (pair < 0) {
      throw new IllegalArgumentException("view pair index must be >= 0, got " + pair);
    }
    return new TwoViews(view(first, pair, 0).make(indices, step), view(second, pair, 1).make(indices, step));
  }

  private BatchMaker view(Augmentation augmentation, int pair, int view) {
    return new BatchMaker(data, normalization, augmentation, Seeds.seed(seed, "view", pair, view));
  }
}
