package org.sparknas.core.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One materialised mini-batch: {@code features} float32 {@code [B, C, H, W]} (normalised, augmented if
 * asked), {@code labels} float32 one-hot {@code [B, K]}, and {@code classes} the B class indices.
 * Built by {@link BatchMaker}; {@code recipe} says how to make it again (search batches), or is
 * {@code null}.
 */
public record Batch(INDArray features, INDArray labels, int[] classes, BatchRecipe recipe)
    implements java.io.Serializable {

  /** A batch with no recipe. */
  public Batch(INDArray features, INDArray labels, int[] classes) {
    this(features, labels, classes, null);
  }

  /** Number of examples B. */
  public int size() {
    return classes.length;
  }
}
