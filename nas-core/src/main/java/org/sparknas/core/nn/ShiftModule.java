package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@code out[:, :, i, j] = x[:, :, i + 1, j + 1]}, zero in the last row and column (FactorizedReduce's second branch). */
final class ShiftModule implements Module {
  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray x = in[0];
    INDArray out = c.pool().zeros(x.shape());
    out.get(window(x, 0)).assign(x.get(window(x, 1)));
    return out;
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().zeros(dOut.shape()); // same shape as the input
    dx.get(window(dOut, 1)).assign(dOut.get(window(dOut, 0)));
    return new INDArray[] {dx};
  }

  /** Rows and columns {@code from .. from + size - 1}. */
  private static INDArrayIndex[] window(INDArray x, int from) {
    long h = x.size(2) - 1;
    long w = x.size(3) - 1;
    return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, from + h),
        NDArrayIndex.interval(from, from + w)};
  }
}
