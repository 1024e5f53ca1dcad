package org.sparknas.core.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Layer;
import org.sparknas.core.network.Network;
import org.sparknas.core.network.Node;

/**
 * A network description compiled to modules with explicit forward and backward over native ops, bound
 * to the arrays of its weights and running statistics (updated in place by optimisers, seen by every
 * pass). A pass is a {@link #forward} followed, when gradients are wanted, by one {@link #backward} from
 * the gradient of the loss at the logits: the engine knows no loss. Every activation and gradient comes
 * from one {@link BufferPool}, and an array goes back to it as soon as its last reader is done, so after
 * the first pass of a batch shape nothing is allocated. Not thread-safe.
 * <pre>{@code
 * CompiledNetwork net = new CompiledNetwork(space.network(all), weights, statistics, BatchNormMode.TRAIN,
 *     EdgeWeighting.SOFTMAX, new BufferPool(), new HashMap<>());
 * INDArray logits = net.forward(x, alphas, null, true);
 * CompiledNetwork.Gradients g = net.backward(dLogits, weightNames, alphaGroups);
 * }</pre>
 */
public final class CompiledNetwork {
  private final Network network;
  private final BatchNormMode mode;
  private final EdgeWeighting weighting;
  private final Module[] modules;
  private final int[][] inputs;
  private final int[] consumers;
  /** Whether a node's output is read by some reader's backward (else it goes back after its readers' forwards). */
  private final boolean[] readInBackward;
  private final Map<String, Map<Integer, int[]>> mixedEdges = new LinkedHashMap<>();
  private final Map<String, INDArray> weightGradients = new LinkedHashMap<>();
  private final BufferPool pool;
  // the pass in flight
  private INDArray[] activations;
  private PassContext pass;

  /** The weight gradients of a backward (arrays of this network: copy them to keep them) and the alpha gradients. */
  public record Gradients(Map<String, INDArray> weights, Map<String, INDArray> alphas) {}

  /**
   * @param weights every weight the network declares, by name
   * @param statistics every running statistic it declares, by name
   * @param pool where activations and gradients come from; networks used one after the other may share one
   * @param gradientArrays where weight gradients are written, by weight name; missing ones are created.
   *     Networks used one after the other may share them
   */
  public CompiledNetwork(Network network, Map<String, INDArray> weights, Map<String, INDArray> statistics,
      BatchNormMode mode, EdgeWeighting weighting, BufferPool pool, Map<String, INDArray> gradientArrays) {
    this.network = network;
    this.pool = pool;
    this.mode = mode;
    this.weighting = weighting;
    List<Node> nodes = network.nodes();
    this.modules = new Module[nodes.size()];
    this.inputs = new int[nodes.size()][];
    this.consumers = network.consumerCounts();
    for (Node n : nodes) {
      inputs[n.id()] = n.inputs();
      modules[n.id()] = n.id() == 0 ? null : module(n, weights, statistics);
    }
    network.weights().forEach((name, spec) -> weightGradients.put(name,
        gradientArrays.computeIfAbsent(name, n -> Nd4j.zeros(pool.dataType(), spec.shape()))));
    foldEdgeWeights(nodes);
    prepareConvolutions(nodes);
    this.readInBackward = new boolean[nodes.size()];
    for (int i = 1; i < modules.length; i++) {
      for (int k = 0; k < inputs[i].length; k++) {
        readInBackward[inputs[i][k]] |= modules[i].backwardReads(k);
      }
    }
  }

  private Module module(Node n, Map<String, INDArray> weights, Map<String, INDArray> statistics) {
    long[] shape = n.shape();
    Layer layer = n.layer();
    if (layer instanceof Layer.Conv l) {
      return new ConvModule(l, require(weights, l.weight()), shape);
    } else if (layer instanceof Layer.DepthwiseConv l) {
      return new DepthwiseConvModule(l, require(weights, l.weight()), shape);
    } else if (layer instanceof Layer.BatchNorm l && shape.length == 1) {
      return new BatchNorm1dModule(l, l.affine() ? require(weights, l.gamma()) : null,
          l.affine() ? require(weights, l.beta()) : null, require(statistics, l.runningMean()),
          require(statistics, l.runningVar()));
    } else if (layer instanceof Layer.BatchNorm l) {
      return new BatchNormModule(l, l.affine() ? require(weights, l.gamma()) : null,
          l.affine() ? require(weights, l.beta()) : null, require(statistics, l.runningMean()),
          require(statistics, l.runningVar()));
    } else if (layer instanceof Layer.Relu) {
      return new ReluModule();
    } else if (layer instanceof Layer.MaxPool l) {
      return new PoolModule(true, l.kernel(), l.stride(), l.padding(), shape);
    } else if (layer instanceof Layer.AvgPool l) {
      return new PoolModule(false, l.kernel(), l.stride(), l.padding(), shape);
    } else if (layer instanceof Layer.Shift) {
      return new ShiftModule();
    } else if (layer instanceof Layer.Concat) {
      long[][] inputShapes = new long[n.inputCount()][];
      for (int k = 0; k < inputShapes.length; k++) {
        inputShapes[k] = network.node(n.input(k)).shape();
      }
      return new ConcatModule(shape, inputShapes);
    } else if (layer instanceof Layer.Sum) {
      return new SumModule();
    } else if (layer instanceof Layer.Zeros) {
      return new ZerosModule(shape);
    } else if (layer instanceof Layer.Mix l) {
      mixedEdges.computeIfAbsent(l.group(), g -> new TreeMap<>()).putIfAbsent(l.edge(), l.allowed());
      return null; // made by foldEdgeWeights, which needs every module
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return new GlobalAvgPoolModule(network.node(n.input(0)).shape());
    } else if (layer instanceof Layer.Linear l) {
      return new LinearModule(l, require(weights, l.weight()), require(weights, l.bias()));
    } else if (layer instanceof Layer.SlicedConv l) {
      return new SlicedConvModule(l, require(weights, l.weight()), shape);
    } else if (layer instanceof Layer.Bias l) {
      return new BiasModule(l, require(weights, l.bias()));
    } else if (layer instanceof Layer.Silu) {
      return new SiluModule();
    } else if (layer instanceof Layer.Sigmoid) {
      return new SigmoidModule();
    } else if (layer instanceof Layer.ChannelScale) {
      return new ChannelScaleModule();
    } else if (layer instanceof Layer.SelfAttention l) {
      return new SelfAttentionModule(l);
    }
    throw new IllegalArgumentException("no module for " + layer + " at node " + n.id());
  }

  /** A mixed edge's op that ends in a non-affine batch norm read by nothing else carries its edge weight there. */
  private void foldEdgeWeights(List<Node> nodes) {
    for (Node n : nodes) {
      if (!(n.layer() instanceof Layer.Mix mix)) {
        continue;
      }
      boolean[] folded = new boolean[n.inputCount()];
      for (int i = 0; i < folded.length; i++) {
        int in = n.input(i);
        if (modules[in] instanceof BatchNormModule bn && consumers[in] == 1
            && !((Layer.BatchNorm) nodes.get(in).layer()).affine()) {
          bn.foldEdgeWeight(mix.group(), mix.edge(), mix.ops()[i]);
          folded[i] = true;
        }
      }
      modules[n.id()] = new MixModule(mix, folded);
    }
  }

  /**
   * Convolutions of one input with one geometry back-propagate as one ({@link ConvSiblings}); those of
   * the network's input compute no input gradient.
   */
  private void prepareConvolutions(List<Node> nodes) {
    Map<List<Object>, List<ConvModule>> groups = new LinkedHashMap<>();
    for (Node n : nodes) {
      if (n.id() > 0 && modules[n.id()] instanceof ConvModule conv) {
        if (n.input(0) == 0) {
          conv.readsNetworkInput();
          continue;
        }
        Layer.Conv l = conv.layer();
        groups.computeIfAbsent(List.of(n.input(0), l.kernel(), l.stride(), l.padding(), l.in()), k -> new ArrayList<>())
            .add(conv);
      }
    }
    for (List<ConvModule> members : groups.values()) {
      if (members.size() > 1) {
        ConvSiblings siblings = new ConvSiblings(members);
        members.forEach(m -> m.backPropagateWith(siblings));
      }
    }
  }

  private static INDArray require(Map<String, INDArray> arrays, String name) {
    INDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no array for '" + name + "'");
    }
    return a;
  }

  public Network network() {
    return network;
  }

  public BatchNormMode mode() {
    return mode;
  }

  /** The pool every pass draws from (its allocation count shows that passes reuse memory). */
  public BufferPool pool() {
    return pool;
  }

  /**
   * The logits of {@code features} ({@code [N, classes]}, an array of this network: valid until the next
   * pass). With {@code forBackward} every activation is kept for one {@link #backward}; without, the pass
   * ends here.
   *
   * @param alphas the architecture logits per alpha group
   * @param sample Gumbel noise and temperature for a {@link EdgeWeighting#GUMBEL_SOFTMAX} network, else {@code null}
   * @param statisticsMomentum {@code m} of the running-statistics update of a TRAIN pass
   */
  public INDArray forward(INDArray features, Map<String, INDArray> alphas, GumbelSample sample, boolean forBackward,
      double statisticsMomentum) {
    if (activations != null) {
      endPass();
    }
    if (weighting == EdgeWeighting.GUMBEL_SOFTMAX && sample == null && !mixedEdges.isEmpty()) {
      throw new IllegalArgumentException("a Gumbel-softmax network needs a Gumbel sample for every pass");
    }
    GumbelSample used = weighting == EdgeWeighting.GUMBEL_SOFTMAX ? sample : null;
    INDArray x = features.dataType() == pool.dataType() ? features : features.castTo(pool.dataType());
    pass = new PassContext(pool, mode, statisticsMomentum, new EdgeWeights(mixedEdges, alphas, used),
        weightGradients);
    activations = new INDArray[modules.length];
    activations[0] = x;
    int[] pending = consumers.clone();
    for (int i = 1; i < modules.length; i++) {
      long t = EngineProfile.start();
      activations[i] = modules[i].forward(pass, gather(activations, i));
      EngineProfile.stop(modules[i], "forward", t);
      if (!forBackward) {
        modules[i].endPass(pass);
      }
      for (int in : inputs[i]) {
        if (--pending[in] == 0 && !(forBackward && readInBackward[in])) {
          pool.release(activations[in]);
          activations[in] = null;
        }
      }
    }
    INDArray logits = activations[modules.length - 1];
    if (!forBackward) {
      pool.release(logits);
      activations = null;
    }
    return logits;
  }

  /**
   * Back-propagates {@code dLogits} through the pass {@link #forward} kept, and ends it.
   *
   * @param weights the weights whose gradients are wanted
   * @param alphaGroups the alpha groups whose gradients are wanted
   */
  public Gradients backward(INDArray dLogits, Set<String> weights, Set<String> alphaGroups) {
    if (activations == null) {
      throw new IllegalStateException("backward needs a forward with forBackward = true just before it");
    }
    pass.want(weights, alphaGroups);
    INDArray[] grads = new INDArray[modules.length];
    grads[modules.length - 1] = dLogits.dataType() == pool.dataType() ? dLogits : dLogits.castTo(pool.dataType());
    for (int i = modules.length - 1; i >= 1; i--) {
      if (grads[i] != null) {
        long t = EngineProfile.start();
        INDArray[] d = modules[i].backward(pass, gather(activations, i), activations[i], grads[i]);
        EngineProfile.stop(modules[i], "backward", t);
        for (int k = 0; k < d.length; k++) {
          accumulate(grads, inputs[i][k], d[k]);
        }
      }
      modules[i].endPass(pass);
      pool.release(grads[i]);
      pool.release(activations[i]);
      grads[i] = null;
      activations[i] = null;
    }
    pool.release(grads[0]);
    Map<String, INDArray> w = new LinkedHashMap<>();
    for (String name : weightGradients.keySet()) {
      if (weights.contains(name) && pass.written().contains(name)) {
        w.put(name, weightGradients.get(name));
      }
    }
    Map<String, INDArray> a = new LinkedHashMap<>();
    pass.edgeWeights().alphaGradients(mixedEdges, pool.dataType()).forEach((g, grad) -> {
      if (alphaGroups.contains(g)) {
        a.put(g, grad);
      }
    });
    activations = null;
    pass = null;
    return new Gradients(w, a);
  }

  /** Ends a kept pass without a backward. */
  private void endPass() {
    for (int i = modules.length - 1; i >= 1; i--) {
      modules[i].endPass(pass);
      pool.release(activations[i]);
    }
    activations = null;
    pass = null;
  }

  /** Adds one reader's gradient to a node's; a shared gradient array is copied before it is changed. */
  private void accumulate(INDArray[] grads, int node, INDArray d) {
    if (d == null) {
      return;
    }
    INDArray g = grads[node];
    if (g == null) {
      grads[node] = d;
      return;
    }
    if (pool.isShared(g)) {
      INDArray copy = pool.acquire(g.shape()).assign(g);
      pool.release(g);
      grads[node] = g = copy;
    }
    g.addi(d);
    pool.release(d);
  }

  private INDArray[] gather(INDArray[] values, int node) {
    int[] ids = inputs[node];
    INDArray[] in = new INDArray[ids.length];
    for (int k = 0; k < ids.length; k++) {
      in[k] = values[ids[k]];
    }
    return in;
  }

  /** Alpha groups whose mixed edges this network computes. */
  public List<String> mixedGroups() {
    return new ArrayList<>(mixedEdges.keySet());
  }
}
