package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Channel concatenation; the backward hands each input its own copy of its channels of the gradient. */
final class ConcatModule implements Module {
  private final long[] outShape;
  private final long[][] inputShapes;

  /** @param inputShapes the per-example shapes of the inputs, in order */
  ConcatModule(long[] outShape, long[][] inputShapes) {
    this.outShape = outShape;
    this.inputShapes = inputShapes;
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().acquire(ConvModule.batch(in[0], outShape));
    long from = 0;
    for (INDArray x : in) {
      long to = from + x.size(1);
      out.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all()).assign(x);
      from = to;
    }
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray[] d = new INDArray[inputShapes.length];
    long from = 0;
    for (int i = 0; i < d.length; i++) {
      long to = from + inputShapes[i][0];
      d[i] = c.pool().acquire(ConvModule.batch(dOut, inputShapes[i]))
          .assign(dOut.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all()));
      from = to;
    }
    return d;
  }
}
