package org.sparknas.core.nn;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.Conv}: libnd4j {@code conv2d} and {@code conv2d_bp} (oneDNN on the oneDNN build). The
 * backward takes a cheaper way where it can: no input gradient for the network's input, one fused
 * backward with its {@link ConvSiblings}, and {@code dx} alone as a forward convolution when the weight
 * gradient is not wanted.
 */
final class ConvModule implements Module {
  private final Layer.Conv layer;
  private final INDArray weight;
  private final long[] outShape;
  /** Convolutions of the same input back-propagated together with this one, or null. */
  private ConvSiblings siblings;
  /** Whether the input is the network's own (the images), whose gradient nobody wants. */
  private boolean readsNetworkInput;

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

  Layer.Conv layer() {
    return layer;
  }

  INDArray weight() {
    return weight;
  }

  void backPropagateWith(ConvSiblings group) {
    this.siblings = group;
  }

  void readsNetworkInput() {
    this.readsNetworkInput = true;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    if (readsNetworkInput) {
      if (c.wants(layer.weight())) {
        weightGradientOnly(c, in[0], dOut);
      }
      return new INDArray[] {null};
    }
    if (siblings != null) {
      if (!siblings.runsBackward(this)) {
        siblings.gather(c, this, dOut);
        return new INDArray[] {null};
      }
      return new INDArray[] {siblings.backward(c, in[0], dOut)};
    }
    INDArray dx = c.pool().acquire(in[0].shape());
    if (layer.stride() == 1 && !c.wants(layer.weight())) {
      inputGradient(c, weight, layer.kernel(), layer.padding(), dOut, dx);
      return new INDArray[] {dx};
    }
    INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
    NativeOps.conv2dBackward(in[0], weight, dOut, dx, dw, layer.kernel(), layer.stride(), layer.padding());
    c.commitGradient(layer.weight(), dw);
    return new INDArray[] {dx};
  }

  @Override
  public void endPass(PassContext c) {
    if (siblings != null && siblings.runsBackward(this)) {
      siblings.endPass(c);
    }
  }

  /**
   * The weight gradient without the input's, for a stem: at stride 1 {@link #batchCorrelation}, since
   * oneDNN's backward op computes {@code dx} too and is slow for a stem's single input channel:
   * 64x1x28x28 to 8 channels took 8-12 ms against 1.3 ms this way.
   */
  private void weightGradientOnly(PassContext c, INDArray x, INDArray dOut) {
    INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
    if (layer.stride() != 1) {
      INDArray dx = c.pool().acquire(x.shape());
      NativeOps.conv2dBackward(x, weight, dOut, dx, dw, layer.kernel(), layer.stride(), layer.padding());
      c.pool().release(dx);
    } else {
      INDArray grad = batchCorrelation(c, x, dOut, layer.kernel(), 1, layer.padding());
      dw.assign(grad.permute(2, 3, 0, 1));
      c.pool().release(grad);
    }
    c.commitGradient(layer.weight(), dw);
  }

  /**
   * {@code g[c, o, i, j] = sum_{n, h, w} xpad[n, c, h + i d, w + j d] dOut[n, o, h, w]} for every input
   * channel {@code c} and output channel {@code o} of a stride-1 convolution with kernel {@code k},
   * dilation {@code d} and padding {@code padding}: the weight gradient as one dense convolution, with the
   * input's channels as the batch, its batch as the channels, {@code dOut} (so permuted) as the kernel and
   * the dilation as the output stride, so only the real taps are computed. A pool array {@code [C, O, k,
   * k]}; the caller releases it.
   */
  static INDArray batchCorrelation(PassContext c, INDArray x, INDArray dOut, int k, int dilation, int padding) {
    INDArray channelsFirst = c.pool().acquire(x.size(1), x.size(0), x.size(2), x.size(3))
        .assign(x.permute(1, 0, 2, 3));
    INDArray kernel = c.pool().acquire(dOut.size(2), dOut.size(3), dOut.size(0), dOut.size(1))
        .assign(dOut.permute(2, 3, 0, 1));
    INDArray g = c.pool().acquire(x.size(1), dOut.size(1), k, k);
    NativeOps.conv2d(channelsFirst, kernel, g, (int) dOut.size(2), (int) dOut.size(3), dilation, padding);
    c.pool().release(channelsFirst);
    c.pool().release(kernel);
    return g;
  }

  /**
   * {@code dx} alone for a stride-1 convolution with {@code weight} {@code [k, k, in, out]}: the forward
   * convolution of {@code dOut} with the kernel turned by 180 degrees and its channels swapped, padding
   * {@code k - 1 - p}. Far cheaper than the backward op, which always computes the weight gradient too
   * (an architecture step, or GM-NAS's shared weights, want only some weights).
   */
  static void inputGradient(PassContext c, INDArray weight, int k, int padding, INDArray dOut, INDArray dx) {
    INDArray flipped = c.pool().acquire(weight.shape());
    flipKernel(weight, flipped);
    INDArray turned = c.pool().acquire(k, k, weight.size(3), weight.size(2)).assign(flipped.permute(0, 1, 3, 2));
    NativeOps.conv2d(dOut, turned, dx, k, 1, k - 1 - padding);
    c.pool().release(flipped);
    c.pool().release(turned);
  }

  /**
   * The kernel {@code [kH, kW, ...]} turned by 180 degrees in its two spatial dimensions, into {@code out}.
   * Not libnd4j's {@code reverse}: in M2.1 every call of it leaks native memory (about 15 KB, measured),
   * and an architecture step turns every stride-1 kernel once, which grew a search by gigabytes.
   */
  static void flipKernel(INDArray w, INDArray out) {
    int kh = (int) w.size(0);
    int kw = (int) w.size(1);
    int tap = (int) (w.length() / ((long) kh * kw));
    boolean host = HostArrays.applies(w, out);
    FloatBuffer src = host ? HostArrays.floats(w) : null;
    FloatBuffer dst = host ? HostArrays.floats(out) : null;
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        int turned = (kh - 1 - i) * kw + (kw - 1 - j);
        if (host) {
          for (int t = 0; t < tap; t++) {
            dst.put(turned * tap + t, src.get((i * kw + j) * tap + t));
          }
        } else {
          out.get(NDArrayIndex.point(kh - 1 - i), NDArrayIndex.point(kw - 1 - j))
              .assign(w.get(NDArrayIndex.point(i), NDArrayIndex.point(j)));
        }
      }
    }
  }

  /** {@code [N, shape...]} for the batch size of {@code x}. */
  static long[] batch(INDArray x, long[] shape) {
    long[] s = new long[shape.length + 1];
    s[0] = x.size(0);
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }
}
