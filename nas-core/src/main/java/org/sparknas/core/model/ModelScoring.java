package org.sparknas.core.model;

import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.eval.Score;

/**
 * A trained graph's class probabilities for images (normalised, never augmented; output 0, inference
 * mode: running batch-norm statistics, no drop-path), and its mean cross-entropy and accuracy over a
 * set of labelled images.
 * <pre>{@code
 * Score test = ModelScoring.score(graph, testImages, normalization, 256);
 * }</pre>
 */
public final class ModelScoring {
  /** Probabilities are clamped here before the logarithm, so one confident miss cannot make the loss infinite. */
  private static final double MIN_PROBABILITY = 1e-12;

  private ModelScoring() {}

  /** {@code [indices.length, classes]}: the softmax output for images {@code indices}. */
  public static INDArray probabilities(ComputationGraph graph, ImageDataset images, int[] indices,
      Normalization normalization) {
    return graph.output(false, images.batch(indices, normalization).features())[0];
  }

  /** Mean cross-entropy and accuracy over every image, in batches of {@code batchSize}. */
  public static Score score(ComputationGraph graph, ImageDataset images, Normalization normalization, int batchSize) {
    double loss = 0;
    long correct = 0;
    for (int from = 0; from < images.size(); from += batchSize) {
      int[] indices = range(from, Math.min(images.size(), from + batchSize));
      INDArray p = probabilities(graph, images, indices, normalization);
      for (int j = 0; j < indices.length; j++) {
        int label = images.label(indices[j]);
        loss -= Math.log(Math.max(MIN_PROBABILITY, p.getDouble(j, label)));
        correct += argmax(p, j) == label ? 1 : 0;
      }
    }
    return new Score(loss / images.size(), (double) correct / images.size(), images.size());
  }

  /** The most probable class of row {@code row} (the lowest index on ties). */
  public static int argmax(INDArray probabilities, int row) {
    int best = 0;
    for (int k = 1; k < probabilities.size(1); k++) {
      if (probabilities.getDouble(row, k) > probabilities.getDouble(row, best)) {
        best = k;
      }
    }
    return best;
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    Arrays.setAll(r, i -> from + i);
    return r;
  }
}
