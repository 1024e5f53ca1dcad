package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a compiled network with an explicit forward and backward over native ops. Outputs and
 * input gradients come from the pass's {@link BufferPool}, each handed to the engine with one
 * reference; a module never changes its inputs or {@code dOut} in place (a gradient passed on unchanged
 * is {@linkplain BufferPool#retain retained} and returned).
 */
interface Module {

  INDArray forward(PassContext c, INDArray[] in);

  /**
   * The gradients of the loss with respect to each input ({@code null} where there is none), given the
   * forward's inputs and output and the gradient {@code dOut} of the output. Weight gradients go to
   * {@link PassContext#gradientSlot}.
   */
  INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut);

  /** Gives back what the module held for this pass (after its backward, or after a forward-only pass). */
  default void endPass(PassContext c) {}

  /**
   * Whether the backward reads input {@code k}'s values. Inputs it does not read (a sum's, a concatenation's,
   * a mixed edge's already-scaled ones) are given back to the pool right after the forward, which is
   * where a training pass's memory goes; such a backward gets {@code null} in their place.
   */
  default boolean backwardReads(int k) {
    return true;
  }
}
