package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling (the average over real pixels only): libnd4j {@code maxpool2d}/{@code avgpool2d}
 * and their backward, or {@link HostAvgPool} for a stride-1 average pool over host memory.
 */
final class PoolModule implements Module {
  private final boolean max;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final long[] outShape;

  PoolModule(boolean max, int kernel, int stride, int padding, long[] outShape) {
    this.max = max;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.outShape = outShape;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(ConvModule.batch(in[0], outShape));
    if (max) {
      NativeOps.maxPool(in[0], out, kernel, stride, padding);
    } else if (HostAvgPool.handles(kernel, stride, padding) && HostArrays.applies(in[0], out)) {
      HostAvgPool.forward(in[0], out, kernel);
    } else {
      NativeOps.avgPool(in[0], out, kernel, stride, padding);
    }
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(in[0].shape());
    if (max) {
      NativeOps.maxPoolBackward(in[0], dOut, dx, kernel, stride, padding);
    } else if (HostAvgPool.handles(kernel, stride, padding) && HostArrays.applies(dOut, dx)) {
      HostAvgPool.backward(dOut, dx, kernel);
    } else {
      NativeOps.avgPoolBackward(in[0], dOut, dx, kernel, stride, padding);
    }
    return new INDArray[] {dx};
  }
}
