package org.sparknas.core.nn;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the modules of one pass share: the buffer pool, the batch-norm mode, the edge weights of the
 * mixed edges, and where weight gradients go. A weight read by several layers gets the sum of their
 * gradients; weights not asked for get none (their slot is scratch).
 */
final class PassContext {
  private final BufferPool pool;
  private final BatchNormMode mode;
  private final double statisticsMomentum;
  private final EdgeWeights edgeWeights;
  private final Map<String, INDArray> weightGradients;
  private Set<String> wanted = Set.of();
  private Set<String> wantedAlphaGroups = Set.of();
  private final Set<String> written = new HashSet<>();

  PassContext(BufferPool pool, BatchNormMode mode, double statisticsMomentum, EdgeWeights edgeWeights,
      Map<String, INDArray> weightGradients) {
    this.pool = pool;
    this.mode = mode;
    this.statisticsMomentum = statisticsMomentum;
    this.edgeWeights = edgeWeights;
    this.weightGradients = weightGradients;
  }

  /** What the backward is asked for: gradients of these weights and of these groups' alphas. */
  void want(Set<String> weights, Set<String> alphaGroups) {
    this.wanted = weights;
    this.wantedAlphaGroups = alphaGroups;
  }

  /** {@code m} of {@code running = (1 - m) running + m batch} in a TRAIN pass. */
  double statisticsMomentum() {
    return statisticsMomentum;
  }

  boolean wantsAlphas(String group) {
    return wantedAlphaGroups.contains(group);
  }

  BufferPool pool() {
    return pool;
  }

  BatchNormMode mode() {
    return mode;
  }

  EdgeWeights edgeWeights() {
    return edgeWeights;
  }

  /** Whether the gradient of weight {@code name} was asked for. */
  boolean wants(String name) {
    return wanted.contains(name);
  }

  /**
   * The array to write weight {@code name}'s gradient into, shaped like the weight: the result array
   * itself on the first write of a pass, scratch otherwise; hand it back with {@link #commitGradient}.
   */
  INDArray gradientSlot(String name, long[] shape) {
    if (wants(name) && !written.contains(name)) {
      return weightGradients.get(name);
    }
    return pool.acquire(shape);
  }

  void commitGradient(String name, INDArray slot) {
    INDArray target = weightGradients.get(name);
    if (slot == target) {
      written.add(name);
      return;
    }
    if (wants(name)) {
      target.addi(slot);
    }
    pool.release(slot);
  }

  /**
   * Adds a gradient computed into an array the caller keeps (a batch norm's {@code dgamma}, which may
   * also feed an edge weight) to weight {@code name}'s: as {@link #gradientSlot} and
   * {@link #commitGradient}, with a copy instead of a slot.
   */
  void addGradient(String name, INDArray grad) {
    if (!wants(name)) {
      return;
    }
    INDArray target = weightGradients.get(name);
    if (written.add(name)) {
      target.assign(grad);
    } else {
      target.addi(grad);
    }
  }

  /** Names of the weights that received a gradient in this pass. */
  Set<String> written() {
    return written;
  }
}
