package org.sparknas.spark.model;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.data.Split;
import org.sparknas.core.eval.Score;
import org.sparknas.core.model.Dl4jHelpers;
import org.sparknas.core.model.ModelScoring;
import org.sparknas.spark.session.HadoopConfs;

/**
 * Scores a dataset on the executors: the model goes out once as a broadcast of its ModelSerializer
 * bytes, every task restores it, reads the images from the dataset's Hadoop URI (once per executor
 * JVM) and scores its range of them in batches. What comes back is one {@link Prediction} per image.
 * <pre>{@code
 * JavaRDD<Prediction> p = ModelPredictions.predict(sc, modelZip, data, Split.TEST, card.normalization(), n, 256);
 * Score s = ModelPredictions.score(p);
 * }</pre>
 */
public final class ModelPredictions {
  /** Images per task. */
  static final int IMAGES_PER_TASK = 2048;
  /** Probabilities are clamped here before the logarithm, as {@link ModelScoring} does. */
  private static final double MIN_PROBABILITY = 1e-12;

  private ModelPredictions() {}

  /** One scored image: its position in the split, its label (-1 when unknown), the prediction and the softmax. */
  public record Prediction(long index, int label, int predicted, float[] probabilities) implements Serializable {}

  /** Images {@code [0, images)} of {@code data}'s {@code split}, scored by the model in {@code modelZip}. */
  public static JavaRDD<Prediction> predict(JavaSparkContext sc, byte[] modelZip, DataSettings data, Split split,
      Normalization normalization, int images, int batchSize) {
    Broadcast<byte[]> model = sc.broadcast(modelZip);
    List<int[]> ranges = new ArrayList<>();
    for (int from = 0; from < images; from += IMAGES_PER_TASK) {
      ranges.add(new int[] {from, Math.min(images, from + IMAGES_PER_TASK)});
    }
    return sc.parallelize(ranges, ranges.size()).mapPartitions(it -> {
      Dl4jHelpers.enable();
      ComputationGraph graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model.value()), false);
      ImageDataset set = Datasets.cachedImages(data, split, HadoopConfs::current);
      List<Prediction> out = new ArrayList<>();
      while (it.hasNext()) {
        int[] range = it.next();
        for (int from = range[0]; from < range[1]; from += batchSize) {
          int start = from;
          int[] indices = new int[Math.min(batchSize, range[1] - from)];
          Arrays.setAll(indices, i -> start + i);
          out.addAll(score(graph, set, indices, normalization));
        }
      }
      return out.iterator();
    });
  }

  private static List<Prediction> score(ComputationGraph graph, ImageDataset set, int[] indices, Normalization n) {
    INDArray p = ModelScoring.probabilities(graph, set, indices, n);
    List<Prediction> rows = new ArrayList<>(indices.length);
    for (int j = 0; j < indices.length; j++) {
      rows.add(new Prediction(indices[j], set.label(indices[j]), ModelScoring.argmax(p, j),
          p.getRow(j).toFloatVector()));
    }
    return rows;
  }

  /**
   * Mean cross-entropy and accuracy of predictions with known labels; per-task sums are added on the
   * driver in task order, so the result does not depend on which task finished first.
   */
  public static Score score(JavaRDD<Prediction> predictions) {
    double[] total = new double[3];
    for (double[] part : predictions.mapPartitions(it -> {
      double[] sums = new double[3];
      while (it.hasNext()) {
        Prediction p = it.next();
        if (p.label() >= 0) {
          sums[0] -= Math.log(Math.max(MIN_PROBABILITY, p.probabilities()[p.label()]));
          sums[1] += p.predicted() == p.label() ? 1 : 0;
          sums[2]++;
        }
      }
      return List.of(sums).iterator();
    }).collect()) {
      for (int i = 0; i < 3; i++) {
        total[i] += part[i];
      }
    }
    return new Score(total[0] / total[2], total[1] / total[2], (int) total[2]);
  }
}
