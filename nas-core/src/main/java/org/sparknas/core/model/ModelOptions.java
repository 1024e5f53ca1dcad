package org.sparknas.core.model;

import java.io.Serializable;

/**
 * Which variant of an architecture's network a {@link ModelFactory} builds. The search engine trains
 * the search network restricted to one path ({@link #SEARCH_PATH}: batch norm without scale and shift
 * inside cells, DARTS pools followed by batch norm); an architecture is retrained as the evaluation
 * network ({@link #evaluation}: affine batch norm everywhere, bare pools, optionally DARTS's auxiliary
 * head and drop-path). The same builder makes both, so the cross-check against the engine also vouches
 * for the network that is retrained.
 *
 * @param affineCells batch norm inside cells learns a scale and a shift
 * @param poolBatchNorm DARTS pools are followed by a non-affine batch norm (search network only)
 * @param auxiliaryWeight weight of the auxiliary classifier's loss (DARTS, on the output of cell
 *     {@code 2L/3}); 0 = no auxiliary head
 * @param dropPath drop-path rate reached in the last epoch, ramped linearly from 0 over {@code epochs}
 *     (DARTS: 0.2); 0 = none
 * @param epochs the length of the drop-path ramp: the retrain's epochs
 */
public record ModelOptions(boolean affineCells, boolean poolBatchNorm, double auxiliaryWeight, double dropPath,
    int epochs) implements Serializable {

  /** The engine's single-path network: what {@code Supernet.graph(architecture.encoding(), mode)} computes. */
  public static final ModelOptions SEARCH_PATH = new ModelOptions(false, true, 0, 0, 1);

  public ModelOptions {
    if (!(auxiliaryWeight >= 0) || !(dropPath >= 0 && dropPath < 1) || epochs < 1) {
      throw new IllegalArgumentException("model options need auxiliary weight >= 0, 0 <= drop-path < 1 and"
          + " epochs >= 1; got " + auxiliaryWeight + ", " + dropPath + ", " + epochs);
    }
  }

  /** The evaluation network trained from scratch. */
  public static ModelOptions evaluation(double auxiliaryWeight, double dropPath, int epochs) {
    return new ModelOptions(true, false, auxiliaryWeight, dropPath, epochs);
  }

  /** The same network for inference: no auxiliary head, no drop-path (their layers hold nothing inference needs). */
  public ModelOptions forInference() {
    return new ModelOptions(affineCells, poolBatchNorm, 0, 0, epochs);
  }

  public boolean auxiliary() {
    return auxiliaryWeight > 0;
  }
}
