package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/** SiLU, {@code x s(x)} with s the sigmoid; {@code d/dx = s(x) (1 + x (1 - s(x)))}. */
final class SiluModule implements Module {
  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(in[0].shape());
    Nd4j.exec(new Sigmoid(in[0], out));
    return out.muli(in[0]);
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray x = in[0];
    INDArray s = c.pool().acquire(x.shape());
    Nd4j.exec(new Sigmoid(x, s));
    INDArray dx = c.pool().acquire(x.shape()).assign(s).rsubi(1).muli(x).addi(1).muli(s).muli(dOut);
    c.pool().release(s);
    return new INDArray[] {dx};
  }
}
