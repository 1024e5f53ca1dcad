package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.DepthwiseConv}: libnd4j {@code depthwise_conv2d} and its backward. The oneDNN helper
 * rejects dilation (specs/cpu-performance.md), so a dilated kernel runs as its dense zero-inserted kernel
 * (3x3 at dilation 2 is a 5x5 with zeros between the taps, 20x faster than the generic dilated op); the
 * dense kernel's gradient is read back at the taps.
 */
final class DepthwiseConvModule implements Module {
  private final Layer.DepthwiseConv layer;
  private final INDArray weight;
  private final long[] outShape;
  /** The dense kernel, or the weight itself when undilated. */
  private final INDArray dense;
  /** The taps of the dense kernel: a strided view onto it. */
  private final INDArray taps;

  DepthwiseConvModule(Layer.DepthwiseConv layer, INDArray weight, long[] outShape) {
    this.layer = layer;
    this.weight = weight;
    this.outShape = outShape;
    if (layer.dilation() == 1) {
      this.dense = weight;
      this.taps = weight;
    } else {
      int kd = layer.denseKernel();
      this.dense = Nd4j.zeros(weight.dataType(), kd, kd, layer.channels(), 1);
      this.taps = dense.get(tapIndex(kd, layer.dilation()));
    }
  }

  private static INDArrayIndex[] tapIndex(int kd, int d) {
    return new INDArrayIndex[] {NDArrayIndex.interval(0, d, kd), NDArrayIndex.interval(0, d, kd), NDArrayIndex.all(),
        NDArrayIndex.all()};
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    if (dense != weight) {
      taps.assign(weight);
    }
    INDArray out = c.pool().acquire(ConvModule.batch(in[0], outShape));
    NativeOps.depthwise(in[0], dense, out, layer.denseKernel(), layer.stride(), layer.padding());
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(in[0].shape());
    int kd = layer.denseKernel();
    boolean wanted = c.wants(layer.weight());
    if (layer.stride() == 1 && (!wanted || kd >= 5)) {
      // dx alone: the forward op with the kernel turned by 180 degrees (see ConvModule), 5-10x cheaper than
      // the backward op, which always computes the weight gradient as well
      INDArray flipped = c.pool().acquire(dense.shape());
      ConvModule.flipKernel(dense, flipped);
      NativeOps.depthwise(dOut, flipped, dx, kd, 1, kd - 1 - layer.padding());
      c.pool().release(flipped);
      if (wanted) {
        weightGradientByConvolution(c, in[0], dOut);
      }
      return new INDArray[] {dx};
    }
    if (dense == weight) {
      INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
      NativeOps.depthwiseBackward(in[0], dense, dOut, dx, dw, kd, layer.stride(), layer.padding());
      c.commitGradient(layer.weight(), dw);
    } else {
      INDArray dDense = c.pool().acquire(dense.shape());
      NativeOps.depthwiseBackward(in[0], dense, dOut, dx, dDense, kd, layer.stride(), layer.padding());
      INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
      dw.assign(dDense.get(tapIndex(kd, layer.dilation())));
      c.commitGradient(layer.weight(), dw);
      c.pool().release(dDense);
    }
    return new INDArray[] {dx};
  }

  /**
   * {@code dW[i, j, c]} as the diagonal of {@link ConvModule#batchCorrelation}, which pairs every channel
   * with every channel: C times the work, yet on the oneDNN build it beat the depthwise backward op
   * 1.2-3.3x for dense kernels of 5 and more (measured interleaved for C 8-32 at 28x28-7x7; 0.3-0.7x for
   * undilated 3x3, which keeps the backward op). Its output stride is the dilation, so only the k x k
   * taps are computed, never the zero-inserted ones. Stride 1 only: a stride would become a kernel
   * dilation, which the oneDNN helper rejects.
   */
  private void weightGradientByConvolution(PassContext c, INDArray x, INDArray dOut) {
    long ch = layer.channels();
    int k = layer.kernel();
    INDArray pairs = ConvModule.batchCorrelation(c, x, dOut, k, layer.dilation(), layer.padding());
    INDArray diagonal = pairs.reshape(ch * ch, (long) k * k).get(NDArrayIndex.interval(0, ch + 1, ch * ch),
        NDArrayIndex.all());
    INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
    dw.reshape((long) k * k, ch).assign(diagonal.transpose());
    c.commitGradient(layer.weight(), dw);
    c.pool().release(pairs);
  }
}
