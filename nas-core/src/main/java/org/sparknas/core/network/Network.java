package org.sparknas.core.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network description: what a search space emits for one encoding, independent of any backend.
 * Nodes are in topological order, node 0 is the input and {@link #output()} gives the logits. Only
 * nodes the logits depend on are kept (an op whose output no path uses costs nothing and, as in
 * PyTorch with {@code grad = None}, its weights get no gradient), and only the ops the encoding allows
 * were ever added, so masked ops cost nothing either.
 * <pre>{@code
 * Network net = space.network(Encoding.full(space));
 * net.weights();        // every weight the network reads, with shape and initialisation
 * net.alphaGroups();    // the alpha groups whose mixed edges the logits depend on
 * }</pre>
 */
public final class Network {
  private final List<Node> nodes;
  private final Map<String, ParamSpec> weights;
  private final Map<String, ParamSpec> statistics;
  private final List<String> alphaGroups;
  private final int classes;

  Network(List<Node> all, int output, Map<String, ParamSpec> declaredWeights, Map<String, ParamSpec> declaredStats) {
    boolean[] live = new boolean[all.size()];
    live[output] = true;
    for (int i = output; i >= 0; i--) {
      if (live[i]) {
        for (int in : all.get(i).inputs()) {
          live[in] = true;
        }
      }
    }
    int[] renumber = new int[all.size()];
    List<Node> kept = new ArrayList<>();
    Map<String, ParamSpec> w = new LinkedHashMap<>();
    Map<String, ParamSpec> s = new LinkedHashMap<>();
    Set<String> groups = new LinkedHashSet<>();
    for (Node n : all) {
      if (!live[n.id()]) {
        continue;
      }
      int[] inputs = n.inputs();
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = renumber[inputs[i]];
      }
      renumber[n.id()] = kept.size();
      kept.add(new Node(kept.size(), n.layer(), inputs, n.shape()));
      for (String name : n.layer().weights()) {
        w.put(name, declaredWeights.get(name));
      }
      for (String name : n.layer().statistics()) {
        s.put(name, declaredStats.get(name));
      }
      if (n.layer() instanceof Layer.Mix m && m.allowed().length > 1) {
        groups.add(m.group());
      }
    }
    this.nodes = List.copyOf(kept);
    this.weights = Collections.unmodifiableMap(w);
    this.statistics = Collections.unmodifiableMap(s);
    this.alphaGroups = List.copyOf(groups);
    this.classes = (int) nodes.get(nodes.size() - 1).channels();
  }

  /** The nodes in topological order; node 0 is the input, the last node the logits. */
  public List<Node> nodes() {
    return nodes;
  }

  public Node node(int id) {
    return nodes.get(id);
  }

  /** Id of the logits node. */
  public int output() {
    return nodes.size() - 1;
  }

  /** Per-example input shape {@code [C, H, W]}. */
  public long[] inputShape() {
    return nodes.get(0).shape();
  }

  /** Channels (features) of the output: the classes, for a space's logits. */
  public int classes() {
    return classes;
  }

  /** Every weight the logits depend on, by name, in first-use order. */
  public Map<String, ParamSpec> weights() {
    return weights;
  }

  /** Every batch-norm running statistic of the network, by name. */
  public Map<String, ParamSpec> statistics() {
    return statistics;
  }

  /** Alpha groups with at least one mixed edge (two or more allowed ops) that the logits depend on. */
  public List<String> alphaGroups() {
    return alphaGroups;
  }

  /**
   * Multiply-adds per example of the convolutions, linear layers and attention, as the engine computes
   * them (a dilated kernel counts its zero-inserted taps): what a pass through this network costs, up to
   * the memory-bound layers, for ordering work by size.
   */
  public long multiplyAdds() {
    long total = 0;
    for (Node n : nodes) {
      total += multiplyAdds(n);
    }
    return total;
  }

  private static long multiplyAdds(Node n) {
    long[] out = n.shape();
    long pixels = out.length == 3 ? out[1] * out[2] : 1;
    if (n.layer() instanceof Layer.Conv c) {
      return pixels * c.out() * c.in() * c.kernel() * c.kernel();
    } else if (n.layer() instanceof Layer.SlicedConv c) {
      return pixels * c.out() * c.in() * c.kernel() * c.kernel();
    } else if (n.layer() instanceof Layer.DepthwiseConv d) {
      return pixels * d.channels() * d.denseKernel() * d.denseKernel();
    } else if (n.layer() instanceof Layer.Linear l) {
      return l.in() * l.out();
    } else if (n.layer() instanceof Layer.SelfAttention a) {
      return 2L * pixels * pixels * a.heads() * a.headDim();
    }
    return 0;
  }

  /** How many nodes read each node's output. */
  public int[] consumerCounts() {
    int[] c = new int[nodes.size()];
    for (Node n : nodes) {
      for (int in : n.inputs()) {
        c[in]++;
      }
    }
    return c;
  }
}
