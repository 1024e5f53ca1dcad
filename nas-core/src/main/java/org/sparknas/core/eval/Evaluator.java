package org.sparknas.core.eval;

import java.util.Arrays;
import java.util.function.IntFunction;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.supernet.Objective;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.SupernetGraph;

/**
 * Scores a graph on examples in consecutive batches, without gradients. In a
 * {@link org.sparknas.core.nn.BatchNormMode#TRAIN} graph this also updates batch-norm running
 * statistics, which is how BN recalibration is done; evaluation graphs use RUNNING or BATCH mode.
 * <pre>{@code
 * Score s = Evaluator.score(net.graph(enc, BatchNormMode.RUNNING), validBatches, indices, 256);
 * }</pre>
 */
public final class Evaluator {
  private Evaluator() {}

  public static Score score(SupernetGraph graph, BatchMaker data, int[] indices, int batchSize) {
    return score(graph, data, indices, batchSize, batch -> null);
  }

  /**
   * As {@link #score(SupernetGraph, BatchMaker, int[], int)} for a Gumbel-softmax graph, feeding each
   * batch (numbered from 0) the sample {@code samples} gives for it.
   */
  public static Score score(SupernetGraph graph, BatchMaker data, int[] indices, int batchSize,
      IntFunction<GumbelSample> samples) {
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < indices.length; from += batchSize) {
      int[] chunk = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
      Batch b = data.make(chunk, from);
      Pass p = graph.pass(b.features(), b.labels(), Objective.CROSS_ENTROPY, samples.apply(from / batchSize),
          java.util.List.of());
      lossSum += p.loss() * chunk.length;
      correct += correct(p.logits(), b.classes());
    }
    return new Score(lossSum / indices.length, correct / (double) indices.length, indices.length);
  }

  /** Number of rows whose arg-max logit is the true class. */
  public static long correct(INDArray logits, int[] classes) {
    INDArray pred = logits.argMax(1);
    long n = 0;
    for (int i = 0; i < classes.length; i++) {
      n += pred.getInt(i) == classes[i] ? 1 : 0;
    }
    return n;
  }

  /** The first {@code n} indices 0..n-1 (n = 0 or above size: all). */
  public static int[] firstIndices(int size, int n) {
    int m = n <= 0 ? size : Math.min(n, size);
    int[] idx = new int[m];
    Arrays.setAll(idx, i -> i);
    return idx;
  }
}
