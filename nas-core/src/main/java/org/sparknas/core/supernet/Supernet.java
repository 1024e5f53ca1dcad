package org.sparknas.core.supernet;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.nn.GraphBuilder;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;

/**
 * A weight-sharing supernet: a search space plus its learnt parameters. Graphs are built on demand
 * for an encoding (all ops: the one-shot supernet; one op per edge: a single path; a GM-NAS mask: a
 * sub-supernet) and a batch-norm mode, and only for the ops the encoding allows, so masked ops cost
 * nothing. Every graph shares the same parameter arrays by name. A few recent graphs are kept.
 * <pre>{@code
 * Supernet net = Supernet.create(space, seed);
 * Pass p = net.graph(Encoding.full(space), BatchNormMode.TRAIN).forwardBackward(x, y, net.alphaNames());
 * }</pre>
 */
public final class Supernet {
  public static final String INPUT = "input";
  public static final String LABELS = "labels";
  public static final String LOGITS = "logits";
  public static final String LOSS = "loss";
  /** Graphs kept per supernet: the train and evaluation graphs of the current encoding, plus a little slack. */
  private static final int GRAPH_CACHE = 4;

  private final SearchSpace space;
  private final SupernetParameters params;
  private final Map<GraphKey, SupernetGraph> graphs = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<GraphKey, SupernetGraph> eldest) {
      return size() > GRAPH_CACHE;
    }
  };

  private record GraphKey(Encoding encoding, BatchNormMode mode, EdgeWeighting weighting, boolean distillation) {}

  public Supernet(SearchSpace space, SupernetParameters params) {
    this.space = space;
    this.params = params;
    for (AlphaGroup g : space.groups()) {
      if (!params.alphas().contains(g.variableName())) {
        params.alphas().put(g.variableName(), AlphaInit.DARTS.sample(g, params.seed(), space.opCount()));
      }
    }
  }

  /** A freshly initialised supernet; weights appear as graphs first need them. */
  public static Supernet create(SearchSpace space, long seed) {
    return new Supernet(space, SupernetParameters.empty(seed));
  }

  public SearchSpace space() {
    return space;
  }

  public SupernetParameters parameters() {
    return params;
  }

  /** The graph of an encoding in a batch-norm mode, with DARTS's softmax edge weights, built on first use. */
  public SupernetGraph graph(Encoding encoding, BatchNormMode mode) {
    return graph(encoding, mode, EdgeWeighting.SOFTMAX);
  }

  /** The graph of an encoding in a batch-norm mode with the given edge weighting, built on first use. */
  public SupernetGraph graph(Encoding encoding, BatchNormMode mode, EdgeWeighting weighting) {
    return graphs.computeIfAbsent(new GraphKey(encoding, mode, weighting, false), this::build);
  }

  /**
   * The graph of an encoding (softmax edge weights) whose loss adds a weighted distillation term
   * towards given teacher probabilities ({@link DistillationLoss}); its passes take a {@link DistillationTarget}.
   */
  public SupernetGraph distillationGraph(Encoding encoding, BatchNormMode mode) {
    return graphs.computeIfAbsent(new GraphKey(encoding, mode, EdgeWeighting.SOFTMAX, true), this::build);
  }

  /** Drops the cached graphs (e.g. before building many single paths). */
  public void clearGraphs() {
    graphs.clear();
  }

  /** The architecture logits as plain matrices. */
  public ArchitectureWeights architectureWeights() {
    Map<String, double[][]> m = new LinkedHashMap<>();
    for (AlphaGroup g : space.groups()) {
      m.put(g.name(), params.alphas().get(g.variableName()).toDoubleMatrix());
    }
    return new ArchitectureWeights(m);
  }

  /** Names of all architecture-logit arrays, in group order. */
  public List<String> alphaNames() {
    return space.groups().stream().map(AlphaGroup::variableName).toList();
  }

  /**
   * ND4J 1.0.0-M2.1 prints one line to {@code System.out} for every op it differentiates (thousands
   * per supernet); building the gradient function up front with standard output muted keeps the
   * console readable. Other threads' output is muted for that moment too.
   */
  private static void createGradientFunctionQuietly(SameDiff sd) {
    synchronized (Supernet.class) {
      PrintStream out = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        sd.createGradFunction();
      } finally {
        System.setOut(out);
      }
    }
  }

  private SupernetGraph build(GraphKey key) {
    Encoding encoding = key.encoding();
    BatchNormMode mode = key.mode();
    SameDiff sd = SameDiff.create();
    long[] shape = space.inputShape();
    SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, shape[0], shape[1], shape[2]);
    SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, space.classes());
    GraphBuilder g = new GraphBuilder(sd, params, encoding, mode, key.weighting());
    SDVariable logits = space.buildNetwork(g, input, encoding).rename(LOGITS);
    if (key.distillation()) {
      SDVariable ce = sd.loss().softmaxCrossEntropy(DistillationLoss.CROSS_ENTROPY, labels, logits, null);
      DistillationLoss.addTo(sd, ce, logits, LOSS);
    } else {
      sd.loss().softmaxCrossEntropy(LOSS, labels, logits, null);
    }
    sd.setLossVariables(LOSS);
    createGradientFunctionQuietly(sd);
    List<String> weightNames = new ArrayList<>();
    List<String> alphaNames = new ArrayList<>();
    Set<String> used = reachingLoss(sd);
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() != VariableType.VARIABLE || !used.contains(v.name())) {
        continue;
      }
      if (params.weights().contains(v.name())) {
        weightNames.add(v.name());
      } else if (params.alphas().contains(v.name())) {
        alphaNames.add(v.name());
      }
    }
    weightNames.sort(null);
    return new SupernetGraph(sd, weightNames, alphaNames, g.batchStatistics(), params.bnStats(), mode,
        key.distillation());
  }

  /**
   * Names of the variables the loss depends on. A single path can compute an op whose node feeds
   * nothing (nb201: {@code 1<-0} is a conv but {@code 2<-1} and {@code 3<-1} are {@code none});
   * SameDiff returns no gradient for its weights, and like PyTorch's {@code grad = None} they must be
   * left out of the update rather than crash it or be decayed.
   */
  private static Set<String> reachingLoss(SameDiff sd) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(LOSS));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name)) {
        continue;
      }
      DifferentialFunction op = sd.getVariableOutputOp(name);
      if (op != null) {
        todo.addAll(List.of(op.argNames()));
      }
    }
    return seen;
  }
}
