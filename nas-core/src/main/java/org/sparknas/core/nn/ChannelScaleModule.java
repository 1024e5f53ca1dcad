package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.ChannelScale}: {@code out[n, c] = x[n, c] g[n, c]}; {@code dx = dOut g},
 * {@code dg[n, c] = sum over pixels of dOut x}.
 */
final class ChannelScaleModule implements Module {
  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].shape());
    Nd4j.exec(new BroadcastMulOp(in[0], in[1], out, 0, 1));
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray x = in[0];
    INDArray dx = c.pool().acquire(x.shape());
    Nd4j.exec(new BroadcastMulOp(dOut, in[1], dx, 0, 1));
    INDArray product = c.pool().acquire(x.shape()).assign(dOut).muli(x);
    INDArray dGate = c.pool().acquire(in[1].shape());
    NativeOps.sum(product, dGate, 2, 3);
    c.pool().release(product);
    return new INDArray[] {dx, dGate};
  }
}
