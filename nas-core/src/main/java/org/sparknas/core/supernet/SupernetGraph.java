package org.sparknas.core.supernet;

import org.bytedeco.javacpp.Pointer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
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
  private final boolean distillation;

  SupernetGraph(SameDiff sd, List<String> weightNames, List<String> alphaNames,
      List<BatchNormStatistics> batchStatistics, ParameterSet bnStats, BatchNormMode mode, boolean distillation) {
    this.sd = sd;
    this.weightNames = List.copyOf(weightNames);
    this.alphaNames = List.copyOf(alphaNames);
    this.batchStatistics = List.copyOf(batchStatistics);
    this.bnStats = bnStats;
    this.mode = mode;
    this.distillation = distillation;
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
    return forwardBackward(features, labels, Map.of(), wrt);
  }

  /**
   * As {@link #forwardBackward(INDArray, INDArray, Collection)} for a graph from
   * {@link Supernet#distillationGraph}: the loss is cross-entropy plus the target's weighted KL term.
   */
  public Pass forwardBackward(INDArray features, INDArray labels, DistillationTarget target, Collection<String> wrt) {
    if (!distillation) {
      throw new IllegalArgumentException("this graph has no distillation term; build it with Supernet.distillationGraph");
    }
    return forwardBackward(features, labels, target.placeholders(features.dataType()), wrt);
  }

  /**
   * {@link #forwardBackward(INDArray, INDArray, Collection)} with further placeholder values for this
   * pass, e.g. the Gumbel noise and temperature of an
   * {@link org.sparknas.core.nn.EdgeWeighting#GUMBEL_SOFTMAX} graph.
   */
  public Pass forwardBackward(INDArray features, INDArray labels, Map<String, INDArray> extraPlaceholders,
      Collection<String> wrt) {
    if (distillation && !extraPlaceholders.containsKey(DistillationLoss.TEACHER_PROBABILITIES)) {
      throw new IllegalArgumentException("a distillation graph needs a distillation target");
    }
    long residentBefore = Pointer.physicalBytes();
    Map<String, INDArray> ph = placeholders(features, labels);
    ph.putAll(extraPlaceholders);
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
    releaseNativeMemory(sd, residentBefore);
    return pass;
  }

  /**
   * A forward pass of a {@link BatchNormMode#TRAIN} graph that only moves the running statistics
   * towards this batch's: {@code running = (1 - m) running + m batch}. Batch-norm recalibration uses
   * {@code m = 1/k} on its k-th batch, a cumulative average whose first batch replaces the old values.
   */
  public void updateRunningStatistics(INDArray features, double momentum) {
    if (mode != BatchNormMode.TRAIN) {
      throw new IllegalStateException("running statistics are updated by TRAIN graphs, this one is " + mode);
    }
    long residentBefore = Pointer.physicalBytes();
    List<String> outputs = new ArrayList<>();
    for (BatchNormStatistics s : batchStatistics) {
      outputs.add(s.batchMean());
      outputs.add(s.batchVar());
    }
    if (!outputs.isEmpty()) {
      RunningStatistics.update(bnStats, batchStatistics, sd.output(Map.of(Supernet.INPUT, features), outputs),
          momentum);
    }
    releaseNativeMemory(sd, residentBefore);
  }

  /** Logits only (no loss, no statistics update): evaluation. */
  public INDArray logits(INDArray features) {
    long residentBefore = Pointer.physicalBytes();
    INDArray logits = sd.output(Map.of(Supernet.INPUT, features), Supernet.LOGITS).get(Supernet.LOGITS).dup();
    releaseNativeMemory(sd, residentBefore);
    return logits;
  }

  /**
   * A pass leaves gigabytes of off-heap activations that ND4J frees only when their Java handles are
   * collected (and the session's op contexts keep the last pass's arrays reachable), while the Java
   * heap is too quiet to trigger a collection by itself. Without this, resident memory grew by GBs per
   * step and steps slowed 2-6x from page faults (a 3-cell C=4 DARTS supernet reached 20 GB, one pass
   * needs 4.4 GB). So: drop the sessions, and collect when this pass grew resident memory by more than
   * {@link #GC_RSS_GROWTH}, or when memory has grown that much four times over since the last
   * collection (many small passes: candidate scoring). Small passes then do not pay a stop-the-world
   * collection each, which would stall every other task of the JVM (local[N], multi-core executors).
   */
  private static void releaseNativeMemory(SameDiff sd, long residentBefore) {
    sd.getSessions().clear();
    long now = Pointer.physicalBytes();
    if (now - residentBefore <= GC_RSS_GROWTH && now - rssAfterCollection <= 4 * GC_RSS_GROWTH) {
      return;
    }
    synchronized (SupernetGraph.class) {
      System.gc();
      rssAfterCollection = Pointer.physicalBytes();
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
