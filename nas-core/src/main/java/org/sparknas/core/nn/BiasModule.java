package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Layer;

/** {@link Layer.Bias}: {@code x + b} along dimension 1; the gradient passes on unchanged and {@code db} sums it. */
final class BiasModule implements Module {
  private final Layer.Bias layer;
  private final INDArray bias;

  BiasModule(Layer.Bias layer, INDArray bias) {
    this.layer = layer;
    this.bias = bias;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].shape());
    Nd4j.exec(new BroadcastAddOp(in[0], bias, out, 1));
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray db = c.gradientSlot(layer.bias(), bias.shape());
    NativeOps.sum(dOut, db, dOut.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0});
    c.commitGradient(layer.bias(), db);
    return new INDArray[] {c.pool().retain(dOut)};
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }
}
