package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.SlicedConv}: the leading {@code [k, k, in, out]} slice of the shared weight is copied to a
 * contiguous pool array for libnd4j's {@code conv2d}; the backward writes the slice's gradient into a
 * full-shaped gradient that is zero elsewhere (the channels this width does not use get no gradient,
 * as the slimmable weight's unused part gets none in PyTorch).
 */
final class SlicedConvModule implements Module {
  private final Layer.SlicedConv layer;
  private final INDArray weight;
  private final long[] outShape;
  private final INDArrayIndex[] slice;
  // per pass
  private INDArray kernel;

  SlicedConvModule(Layer.SlicedConv layer, INDArray weight, long[] outShape) {
    this.layer = layer;
    this.weight = weight;
    this.outShape = outShape;
    this.slice = new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, layer.in()),
        NDArrayIndex.interval(0, layer.out())};
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    kernel = c.pool().acquire(layer.kernel(), layer.kernel(), layer.in(), layer.out()).assign(weight.get(slice));
    INDArray out = c.pool().acquire(ConvModule.batch(in[0], outShape));
    NativeOps.conv2d(in[0], kernel, out, layer.kernel(), layer.stride(), layer.padding());
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(in[0].shape());
    INDArray dKernel = c.pool().acquire(kernel.shape());
    NativeOps.conv2dBackward(in[0], kernel, dOut, dx, dKernel, layer.kernel(), layer.stride(), layer.padding());
    INDArray dw = c.gradientSlot(layer.weight(), weight.shape()).assign(0);
    dw.get(slice).assign(dKernel);
    c.commitGradient(layer.weight(), dw);
    c.pool().release(dKernel);
    return new INDArray[] {dx};
  }

  @Override
  public void endPass(PassContext c) {
    c.pool().release(kernel);
    kernel = null;
  }
}
