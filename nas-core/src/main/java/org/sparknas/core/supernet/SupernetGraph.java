package org.sparknas.core.supernet;

import org.bytedeco.javacpp.Pointer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.BatchNormStatistics;
import org.sparknas.core.nn.RunningStatistics;

/**
 * One built SameDiff graph of a supernet: the network for one encoding and batch-norm mode, with a
 * mean cross-entropy loss. Its variables are bound to the supernet's parameter arrays, so it always
 * computes with the current values. Not thread-safe (SameDiff is not).
 * <pre>{@code
 * SupernetGraph g = supernet.graph(Encoding.full(space), BatchNormMode.TRAIN);
 * Pass p = g.forwardBackward(batch.features(), batch.labels(), g.weightNames());
 * }</pre>
 */
public final class SupernetGraph {
  private final SameDiff sd;
  private final List<String> weightNames;
  private final List<String> alphaNames;
  private final List<BatchNormStatistics> batchStatistics;
  private final ParameterSet bnStats;
  private final BatchNormMode mode;

  SupernetGraph(SameDiff sd, List<String> weightNames, List<String> alphaNames,
      List<BatchNormStatistics> batchStatistics, ParameterSet bnStats, BatchNormMode mode) {
    this.sd = sd;
    this.weightNames = List.copyOf(weightNames);
    this.alphaNames = List.copyOf(alphaNames);
    this.batchStatistics = List.copyOf(batchStatistics);
    this.bnStats = bnStats;
    this.mode = mode;
  }

  /** Names of the operation weights the loss depends on (sorted); a dead-end op's weights are not among them. */
  public List<String> weightNames() {
    return weightNames;
  }

  /** Names of the architecture-logit variables in this graph (empty for a single path). */
  public List<String> alphaNames() {
    return alphaNames;
  }

  public BatchNormMode mode() {
    return mode;
  }

  public SameDiff sameDiff() {
    return sd;
  }

  /**
   * Loss, logits and the gradients of the loss with respect to {@code wrt}. In a
   * {@link BatchNormMode#TRAIN} graph the batch-norm running statistics are updated afterwards.
   * Gradients are copies, safe to keep across later calls; a parameter the loss does not depend on
   * has none.
   */
  public Pass forwardBackward(INDArray features, INDArray labels, Collection<String> wrt) {
    Map<String, INDArray> ph = placeholders(features, labels);
    List<String> outputs = new ArrayList<>(List.of(Supernet.LOSS, Supernet.LOGITS));
    if (mode == BatchNormMode.TRAIN) {
      for (BatchNormStatistics s : batchStatistics) {
        outputs.add(s.batchMean());
        outputs.add(s.batchVar());
      }
    }
    Map<String, INDArray> values;
    Map<String, INDArray> grads = new LinkedHashMap<>();
    if (wrt.isEmpty()) {
      values = sd.output(ph, outputs);
    } else {
      OutAndGrad og = sd.calculateGradientsAndOutputs(ph, outputs, wrt);
      values = og.getOutputs();
      for (String n : wrt) {
        // a parameter the loss does not depend on (an op whose output no path uses) gets no gradient
        // and, as in PyTorch, no update
        INDArray g = og.getGradients().get(n);
        if (g != null) {
          grads.put(n, g.dup());
        }
      }
    }
    if (mode == BatchNormMode.TRAIN) {
      RunningStatistics.update(bnStats, batchStatistics, values);
    }
    Pass pass = new Pass(values.get(Supernet.LOSS).getDouble(0), values.get(Supernet.LOGITS).dup(), grads);
    releaseNativeMemory(sd);
    return pass;
  }

  /** Logits only (no loss, no statistics update): evaluation. */
  public INDArray logits(INDArray features) {
    INDArray logits = sd.output(Map.of(Supernet.INPUT, features), Supernet.LOGITS).get(Supernet.LOGITS).dup();
    releaseNativeMemory(sd);
    return logits;
  }

  /**
   * A pass leaves gigabytes of off-heap activations that ND4J frees only when their Java handles are
   * collected, and the Java heap is too quiet to trigger a collection. Without collections, resident memory
   * grew by several GB per step and steps slowed 2-6x from page faults (a 2-cell C=8 DARTS supernet:
   * RSS 8 -> 20 GB, then killed). So after a pass, once the process has grown by more than
   * {@link #GC_RSS_GROWTH} bytes since the last collection, collect: that keeps resident memory near one
   * pass's working set, while small graphs (candidate scoring, tests) no longer pay a full stop-the-world
   * collection per pass, which also stalled every other task of the JVM (local[N], multi-core executors).
   */
  private static void releaseNativeMemory(SameDiff sd) {
    // the session's op contexts keep every array of the last pass reachable until the op runs again
    sd.getSessions().clear();
    if (Pointer.physicalBytes() - rssAfterCollection <= GC_RSS_GROWTH) {
      return;
    }
    synchronized (SupernetGraph.class) {
      if (Pointer.physicalBytes() - rssAfterCollection > GC_RSS_GROWTH) {
        System.gc();
        rssAfterCollection = Pointer.physicalBytes();
      }
    }
  }

  /** Growth of resident memory that triggers a collection; {@code -Dsparknas.gc.rss-growth-mb} (default 256). */
  static final long GC_RSS_GROWTH = Long.getLong("sparknas.gc.rss-growth-mb", 256L) << 20;
  private static volatile long rssAfterCollection = Pointer.physicalBytes();

  private static Map<String, INDArray> placeholders(INDArray features, INDArray labels) {
    Map<String, INDArray> ph = new LinkedHashMap<>();
    ph.put(Supernet.INPUT, features);
    ph.put(Supernet.LABELS, labels);
    return ph;
  }
}
