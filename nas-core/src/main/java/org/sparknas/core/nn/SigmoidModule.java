package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/** The sigmoid s; the backward reads the output, {@code d/dx = s (1 - s)}. */
final class SigmoidModule implements Module {
  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].shape());
    Nd4j.exec(new Sigmoid(in[0], out));
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray dx = c.pool().acquire(out.shape()).assign(out).rsubi(1).muli(out).muli(dOut);
    return new INDArray[] {dx};
  }

  /** The backward reads the output only. */
  @Override
  public boolean backwardReads(int k) {
    return false;
  }
}
