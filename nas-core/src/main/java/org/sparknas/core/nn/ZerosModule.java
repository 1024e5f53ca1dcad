package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Zeros of the node's shape (a node no allowed op feeds); nothing flows back. */
final class ZerosModule implements Module {
  private final long[] outShape;

  ZerosModule(long[] outShape) {
    this.outShape = outShape;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    return c.pool().zeros(ConvModule.batch(in[0], outShape));
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    return new INDArray[] {null};
  }
}
