package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Layer;

/**
 * {@code x W + b} by matrix products into preallocated arrays (never libnd4j's {@code xw_plus_b}, whose
 * oneDNN helper returns stale results when re-run: specs/cpu-performance.md).
 */
final class LinearModule implements Module {
  private final Layer.Linear layer;
  private final INDArray weight;
  private final INDArray bias;

  LinearModule(Layer.Linear layer, INDArray weight, INDArray bias) {
    this.layer = layer;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].size(0), layer.out());
    Nd4j.gemm(in[0], weight, out, false, false, 1.0, 0.0);
    out.addiRowVector(bias);
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dw = c.gradientSlot(layer.weight(), weight.shape());
    Nd4j.gemm(in[0], dOut, dw, true, false, 1.0, 0.0);
    c.commitGradient(layer.weight(), dw);
    INDArray db = c.gradientSlot(layer.bias(), bias.shape());
    NativeOps.sum(dOut, db, 0);
    c.commitGradient(layer.bias(), db);
    INDArray dx = c.pool().acquire(in[0].shape());
    Nd4j.gemm(dOut, weight, dx, false, true, 1.0, 0.0);
    return new INDArray[] {dx};
  }
}
