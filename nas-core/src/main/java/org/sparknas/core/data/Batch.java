package org.sparknas.core.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One materialised mini-batch: {@code features} float32 {@code [B, C, H, W]} (normalised, augmented if
 * asked), {@code labels} float32 one-hot {@code [B, K]}, and {@code classes} the B class indices.
 * Built by {@link BatchMaker}.
 */
public record Batch(INDArray features, INDArray labels, int[] classes) implements java.io.Serializable {

  /** Number of examples B. */
  public int size() {
    return classes.length;
  }
}
