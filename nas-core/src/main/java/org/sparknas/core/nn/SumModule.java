package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Element-wise sum; every input's gradient is the output's, passed on shared. */
final class SumModule implements Module {
  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].shape()).assign(in[0]);
    for (int i = 1; i < in.length; i++) {
      out.addi(in[i]);
    }
    return out;
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray[] d = new INDArray[in.length];
    for (int i = 0; i < in.length; i++) {
      d[i] = c.pool().retain(dOut);
    }
    return d;
  }
}
