package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@code [N, C, H, W] -> [N, C]} by the spatial mean; the backward spreads {@code dOut / (H W)}. */
final class GlobalAvgPoolModule implements Module {
  private final long[] inputShape;

  /** @param inputShape the per-example input shape {@code [C, H, W]} */
  GlobalAvgPoolModule(long[] inputShape) {
    this.inputShape = inputShape.clone();
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].size(0), in[0].size(1));
    NativeOps.mean(in[0], out, 2, 3);
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(ConvModule.batch(dOut, inputShape)).assign(1.0 / (inputShape[1] * inputShape[2]));
    Nd4j.exec(new BroadcastMulOp(dx, dOut, dx, 0, 1));
    return new INDArray[] {dx};
  }
}
