package org.sparknas.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * What every layer builder needs while a graph is built: the {@link SameDiff} instance, the parameter
 * sets whose arrays the graph's variables are bound to (created on first use, deterministically), the
 * batch-norm mode, and the running-statistics bookkeeping.
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder(SameDiff.create(), params, encoding, BatchNormMode.TRAIN);
 * SDVariable y = Layers.reluConvBn(g, "cell0/pre1", x, 48, 16, 1, 1, 0);
 * }</pre>
 */
public final class GraphBuilder {
  private final SameDiff sd;
  private final ParameterSet weights;
  private final ParameterSet alphas;
  private final ParameterSet bnStats;
  private final Encoding encoding;
  private final BatchNormMode bnMode;
  private final EdgeWeighting weighting;
  private final Initializer init;
  private final List<BatchNormStatistics> batchStatistics = new ArrayList<>();
  private final Map<String, MixedEdge.EdgeWeights> edgeWeights = new HashMap<>();
  private final Map<String, SDVariable> relus = new HashMap<>();

  public GraphBuilder(SameDiff sd, SupernetParameters params, Encoding encoding, BatchNormMode bnMode) {
    this(sd, params, encoding, bnMode, EdgeWeighting.SOFTMAX);
  }

  public GraphBuilder(SameDiff sd, SupernetParameters params, Encoding encoding, BatchNormMode bnMode,
      EdgeWeighting weighting) {
    this.sd = sd;
    this.weights = params.weights();
    this.alphas = params.alphas();
    this.bnStats = params.bnStats();
    this.encoding = encoding;
    this.bnMode = bnMode;
    this.weighting = weighting;
    this.init = new Initializer(params.seed());
  }

  /**
   * ReLU of {@code x}, built once per graph: every op of an edge (and every edge leaving a node)
   * that starts with ReLU reads the same activation, so sharing it saves a full-size tensor and its
   * backprop per extra reader.
   */
  public SDVariable relu(SDVariable x) {
    return relus.computeIfAbsent(x.name(), k -> sd.nn().relu(x, 0));
  }

  /** The encoding this graph is built for: only its allowed ops are built. */
  public Encoding encoding() {
    return encoding;
  }

  /**
   * The mixed-edge weights of a group's edges ({@link EdgeWeighting}), bound to the group's alpha array
   * (created once per graph); {@code null} when no edge of the encoding mixes ops, so single-path
   * graphs carry no alphas (and no Gumbel placeholders).
   */
  public MixedEdge.EdgeWeights edgeWeights(AlphaGroup group) {
    if (!encoding.hasMixedEdge()) {
      return null;
    }
    return edgeWeights.computeIfAbsent(group.name(), k -> {
      SDVariable alpha = sd.var(group.variableName(), alphas.get(group.variableName()));
      boolean[][] mask = encoding.masks().get(group.name());
      if (weighting == EdgeWeighting.SOFTMAX) {
        return MixedEdge.EdgeWeights.softmax(sd, alpha, mask);
      }
      SDVariable noise = sd.placeHolder(EdgeWeighting.noiseName(group), alpha.dataType(), mask.length,
          mask[0].length);
      SDVariable tau = sd.hasVariable(EdgeWeighting.TEMPERATURE) ? sd.getVariable(EdgeWeighting.TEMPERATURE)
          : sd.placeHolder(EdgeWeighting.TEMPERATURE, alpha.dataType());
      return MixedEdge.EdgeWeights.gumbelSoftmax(sd, alpha, mask, noise, tau);
    });
  }

  public SameDiff sd() {
    return sd;
  }

  public BatchNormMode bnMode() {
    return bnMode;
  }

  public Initializer init() {
    return init;
  }

  /**
   * The trainable variable {@code name}, bound to the array in the weight set; the array is created
   * with {@code initial} the first time any graph asks for it.
   */
  public SDVariable weight(String name, Supplier<INDArray> initial) {
    if (sd.hasVariable(name)) {
      return sd.getVariable(name);
    }
    if (!weights.contains(name)) {
      weights.put(name, initial.get());
    }
    return sd.var(name, weights.get(name));
  }

  /**
   * A running-statistics array, bound as a variable rather than a constant so that in-place updates
   * between calls are always read (it is never in a gradient request, so it is not trained).
   */
  SDVariable runningStat(String name, Supplier<INDArray> initial) {
    if (!bnStats.contains(name)) {
      bnStats.put(name, initial.get());
    }
    return sd.hasVariable(name) ? sd.getVariable(name) : sd.var(name, bnStats.get(name));
  }

  /** Ensures running statistics exist for a layer even when this graph does not read them. */
  void registerRunningStat(String name, Supplier<INDArray> initial) {
    if (!bnStats.contains(name)) {
      bnStats.put(name, initial.get());
    }
  }

  void recordBatchStatistics(BatchNormStatistics s) {
    batchStatistics.add(s);
  }

  /** The batch-norm layers whose batch mean and variance a {@link BatchNormMode#TRAIN} graph exposes. */
  public List<BatchNormStatistics> batchStatistics() {
    return Collections.unmodifiableList(batchStatistics);
  }
}
