package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Layer;

/** {@link Layer.Conv}: libnd4j {@code conv2d} and {@code conv2d_bp} (oneDNN on the oneDNN build). */
final class ConvModule implements Module {
  private final Layer.Conv layer;
  private final INDArray weight;
  private final long[] outShape;

  ConvModule(Layer.Conv layer, INDArray weight, long[] outShape) {
    this.layer = layer;
    this.weight = weight;
    this.outShape = outShape;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(batch(in[0], outShape));
    NativeOps.conv2d(in[0], weight, out, layer.kernel(), layer.stride(), layer.padding());
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(in[0].shape());
    INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
    NativeOps.conv2dBackward(in[0], weight, dOut, dx, dw, layer.kernel(), layer.stride(), layer.padding());
    c.commitGradient(layer.weight(), dw);
    return new INDArray[] {dx};
  }

  /** {@code [N, shape...]} for the batch size of {@code x}. */
  static long[] batch(INDArray x, long[] shape) {
    long[] s = new long[shape.length + 1];
    s[0] = x.size(0);
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }
}
