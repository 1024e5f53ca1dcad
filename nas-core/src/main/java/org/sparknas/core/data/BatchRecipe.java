package org.sparknas.core.data;

import java.util.Arrays;

/**
 * How a search batch was made: which images of which half of a {@link DataSource}, at which step.
 * A few hundred bytes where the batch's pixels are hundreds of kilobytes, and enough to make the
 * same batch again anywhere the source can be loaded: augmentation depends only on (seed, step,
 * image), so a recipe cut into slices makes exactly the rows of the batch cut the same way.
 * <pre>{@code
 * Batch b = new BatchRecipe(data, BatchRecipe.Half.TRAIN, indices, step).make();
 * Batch firstHalf = b.recipe().slice(0, indices.length / 2).make();
 * }</pre>
 */
public record BatchRecipe(DataSource source, Half half, int[] indices, long step) implements java.io.Serializable {

  /** The search half a batch comes from. */
  public enum Half { TRAIN, VALID }

  /** The batch, carrying this recipe. */
  public Batch make() {
    BatchMaker maker = half == Half.TRAIN ? source.trainBatches() : source.validBatches();
    Batch b = maker.make(indices, step);
    return new Batch(b.features(), b.labels(), b.classes(), this);
  }

  /** The recipe of rows {@code from} (inclusive) to {@code to} (exclusive) of this batch. */
  public BatchRecipe slice(int from, int to) {
    return new BatchRecipe(source, half, Arrays.copyOfRange(indices, from, to), step);
  }
}
