package org.sparknas.core.supernet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Network;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.CompiledNetwork;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.space.AlphaGroup;

/**
 * The network of one encoding of a supernet, compiled for the training engine in one batch-norm mode
 * and edge weighting, bound to the supernet's parameter arrays (so it always computes with their
 * current values). A pass gives the loss of an {@link Objective}, the logits and the gradients asked
 * for. Not thread-safe.
 * <pre>{@code
 * SupernetGraph g = supernet.graph(Encoding.full(space), BatchNormMode.TRAIN);
 * Pass p = g.forwardBackward(batch.features(), batch.labels(), g.weightNames());
 * }</pre>
 */
public final class SupernetGraph {
  /** PyTorch's batch-norm momentum: {@code running = 0.9 running + 0.1 batch} after each TRAIN pass. */
  public static final double STATISTICS_MOMENTUM = 0.1;

  private final CompiledNetwork net;
  private final SupernetParameters params;
  private final List<String> weightNames;
  private final List<String> alphaNames;
  private final Map<String, String> groupOfAlpha = new LinkedHashMap<>();

  SupernetGraph(CompiledNetwork net, SupernetParameters params, List<AlphaGroup> spaceGroups) {
    this.net = net;
    this.params = params;
    List<String> names = new ArrayList<>(net.network().weights().keySet());
    names.sort(null);
    this.weightNames = List.copyOf(names);
    List<String> alphas = new ArrayList<>();
    for (AlphaGroup g : spaceGroups) {
      if (net.network().alphaGroups().contains(g.name())) {
        alphas.add(g.variableName());
        groupOfAlpha.put(g.variableName(), g.name());
      }
    }
    this.alphaNames = List.copyOf(alphas);
  }

  /** Names of the operation weights the loss depends on (sorted); a dead-end op's weights are not among them. */
  public List<String> weightNames() {
    return weightNames;
  }

  /** Names of the architecture-logit arrays the loss depends on (empty for a single path). */
  public List<String> alphaNames() {
    return alphaNames;
  }

  public BatchNormMode mode() {
    return net.mode();
  }

  public Network network() {
    return net.network();
  }

  /** Native arrays the engine has created for activations and gradients so far (flat after warm-up). */
  public long engineAllocations() {
    return net.pool().allocations();
  }

  /** Cross-entropy loss, logits and the gradients with respect to {@code wrt} (copies, safe to keep). */
  public Pass forwardBackward(INDArray features, INDArray labels, Collection<String> wrt) {
    return pass(features, labels, Objective.CROSS_ENTROPY, null, wrt);
  }

  /** As {@link #forwardBackward(INDArray, INDArray, Collection)} with the distillation term of {@code target} added. */
  public Pass forwardBackward(INDArray features, INDArray labels, DistillationTarget target, Collection<String> wrt) {
    return pass(features, labels, Objective.distillation(target), null, wrt);
  }

  /** As {@link #forwardBackward(INDArray, INDArray, Collection)} for a Gumbel-softmax graph, with this pass's sample. */
  public Pass forwardBackward(INDArray features, INDArray labels, GumbelSample sample, Collection<String> wrt) {
    return pass(features, labels, Objective.CROSS_ENTROPY, sample, wrt);
  }

  /**
   * One pass: the objective's loss and the logits, and when {@code wrt} is not empty, the gradients of
   * the named weights and alpha arrays. In a {@link BatchNormMode#TRAIN} graph the running statistics
   * move towards this batch's. A weight the loss does not depend on gets no gradient (and, as in
   * PyTorch, no update).
   */
  public Pass pass(INDArray features, INDArray labels, Objective objective, GumbelSample sample,
      Collection<String> wrt) {
    boolean backward = !wrt.isEmpty();
    INDArray logits = net.forward(features, alphaArrays(), sample, backward, STATISTICS_MOMENTUM).dup();
    Objective.Value value = objective.evaluate(logits, labels);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    if (backward) {
      Set<String> weights = new HashSet<>();
      Set<String> groups = new HashSet<>();
      for (String n : wrt) {
        String group = groupOfAlpha.get(n);
        if (group != null) {
          groups.add(group);
        } else {
          weights.add(n);
        }
      }
      CompiledNetwork.Gradients g = net.backward(value.dLogits(), weights, groups);
      for (String n : wrt) {
        String group = groupOfAlpha.get(n);
        INDArray grad = group != null ? g.alphas().get(group) : g.weights().get(n);
        if (grad != null) {
          grads.put(n, group != null ? grad : grad.dup());
        }
      }
    }
    return new Pass(value.loss(), logits, grads);
  }

  /** Logits only: no loss, no gradients, and the running statistics stay as they are (momentum 0). */
  public INDArray logits(INDArray features) {
    return net.forward(features, alphaArrays(), null, false, 0).dup();
  }

  /**
   * A forward pass of a {@link BatchNormMode#TRAIN} graph that only moves the running statistics
   * towards this batch's: {@code running = (1 - m) running + m batch}. Batch-norm recalibration uses
   * {@code m = 1/k} on its k-th batch, a cumulative average whose first batch replaces the old values.
   */
  public void updateRunningStatistics(INDArray features, double momentum) {
    if (mode() != BatchNormMode.TRAIN) {
      throw new IllegalStateException("running statistics are updated by TRAIN graphs, this one is " + mode());
    }
    net.forward(features, alphaArrays(), null, false, momentum);
  }

  private Map<String, INDArray> alphaArrays() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    groupOfAlpha.forEach((name, group) -> m.put(group, params.alphas().get(name)));
    return m;
  }
}
