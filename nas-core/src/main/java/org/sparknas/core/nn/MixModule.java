package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.Mix}: {@code sum_o w_o y_o} over an edge's op outputs. An input whose batch norm carries
 * its weight ({@link BatchNormModule#foldEdgeWeight}) is already scaled and gets the output's gradient
 * unchanged; any other input is scaled here, gets {@code w_o dOut}, and gives {@code dL/dw_o = <dOut, y_o>}.
 */
final class MixModule implements Module {
  private final Layer.Mix layer;
  private final boolean[] folded;

  MixModule(Layer.Mix layer, boolean[] folded) {
    this.layer = layer;
    this.folded = folded.clone();
  }

  private double weight(PassContext c, int i) {
    return c.edgeWeights().weight(layer.group(), layer.edge(), layer.ops()[i]);
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray out = c.pool().zeros(in[0].shape());
    for (int i = 0; i < in.length; i++) {
      if (folded[i]) {
        out.addi(in[i]);
      } else {
        Nd4j.getBlasWrapper().level1().axpy(out.length(), weight(c, i), in[i], out);
      }
    }
    return out;
  }

  @Override
  public boolean backwardReads(int k) {
    return !folded[k];
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    boolean alphas = c.wantsAlphas(layer.group());
    INDArray[] d = new INDArray[in.length];
    for (int i = 0; i < in.length; i++) {
      if (folded[i]) {
        d[i] = c.pool().retain(dOut);
        continue;
      }
      if (alphas) {
        c.edgeWeights().addGradient(layer.group(), layer.edge(), layer.ops()[i],
            Nd4j.getBlasWrapper().dot(dOut, in[i]));
      }
      d[i] = c.pool().acquire(dOut.shape()).assign(dOut).muli(weight(c, i));
    }
    return d;
  }
}
