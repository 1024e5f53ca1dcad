package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** ReLU: libnd4j {@code relu} and {@code relu_bp}. */
final class ReluModule implements Module {
  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].shape());
    NativeOps.relu(in[0], out);
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(in[0].shape());
    NativeOps.reluBackward(in[0], dOut, dx);
    return new INDArray[] {dx};
  }
}
