package org.sparknas.core.supernet;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Initializer;
import org.sparknas.core.network.Network;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.BufferPool;
import org.sparknas.core.nn.CompiledNetwork;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;

/**
 * A weight-sharing supernet: a search space plus its learnt parameters. Networks are compiled on
 * demand for an encoding (all ops: the one-shot supernet; one op per edge: a single path; a GM-NAS mask:
 * a sub-supernet), a batch-norm mode and an edge weighting, and only for the ops the encoding allows, so
 * masked ops cost nothing. Every network binds the same parameter arrays by name, and all of them draw
 * activations from one buffer pool, so a supernet's memory is that of its largest pass. A few recent
 * networks are kept. Not thread-safe: one thread uses a supernet at a time.
 * <pre>{@code
 * Supernet net = Supernet.create(space, seed);
 * Pass p = net.graph(Encoding.full(space), BatchNormMode.TRAIN).forwardBackward(x, y, net.alphaNames());
 * }</pre>
 */
public final class Supernet {
  /** Networks kept per supernet: the train and evaluation networks of the current encoding, plus a little slack. */
  private static final int GRAPH_CACHE = 4;

  private final SearchSpace space;
  private final SupernetParameters params;
  private final BufferPool pool = new BufferPool();
  private final Map<String, INDArray> gradients = new HashMap<>();
  private final Map<GraphKey, SupernetGraph> graphs = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<GraphKey, SupernetGraph> eldest) {
      return size() > GRAPH_CACHE;
    }
  };

  private record GraphKey(Encoding encoding, BatchNormMode mode, EdgeWeighting weighting) {}

  public Supernet(SearchSpace space, SupernetParameters params) {
    this.space = space;
    this.params = params;
    for (AlphaGroup g : space.groups()) {
      if (!params.alphas().contains(g.variableName())) {
        params.alphas().put(g.variableName(), AlphaInit.DARTS.sample(g, params.seed(), space.opCount()));
      }
    }
  }

  /** A freshly initialised supernet; weights appear as networks first need them. */
  public static Supernet create(SearchSpace space, long seed) {
    return new Supernet(space, SupernetParameters.empty(seed));
  }

  public SearchSpace space() {
    return space;
  }

  public SupernetParameters parameters() {
    return params;
  }

  /** The network of an encoding in a batch-norm mode, with DARTS's softmax edge weights, compiled on first use. */
  public SupernetGraph graph(Encoding encoding, BatchNormMode mode) {
    return graph(encoding, mode, EdgeWeighting.SOFTMAX);
  }

  /** The network of an encoding in a batch-norm mode with the given edge weighting, compiled on first use. */
  public SupernetGraph graph(Encoding encoding, BatchNormMode mode, EdgeWeighting weighting) {
    return graphs.computeIfAbsent(new GraphKey(encoding, mode, weighting), this::compile);
  }

  /** Drops the kept networks and the pooled activation memory (e.g. before a long pause). */
  public void clearGraphs() {
    graphs.clear();
    pool.clear();
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

  private SupernetGraph compile(GraphKey key) {
    Network network = space.network(key.encoding());
    Initializer init = new Initializer(params.seed());
    network.weights().forEach((name, spec) -> {
      if (!params.weights().contains(name)) {
        params.weights().put(name, spec.create(init));
      }
    });
    network.statistics().forEach((name, spec) -> {
      if (!params.bnStats().contains(name)) {
        params.bnStats().put(name, spec.create(init));
      }
    });
    CompiledNetwork compiled = new CompiledNetwork(network, params.weights().asMap(), params.bnStats().asMap(),
        key.mode(), key.weighting(), pool, gradients);
    return new SupernetGraph(compiled, params, space.groups());
  }
}
