package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.BatchNorm}: {@link HostBatchNorm} on the CPU backend, else libnd4j {@code moments},
 * {@code batchnorm} and {@code batchnorm_bp} (whose {@code dx} already contains the paths through the
 * batch mean and variance). TRAIN and BATCH modes
 * normalise with the batch's statistics (TRAIN also moves the running ones, PyTorch's momentum, biased
 * variance); RUNNING normalises with the running statistics. A non-affine layer that ends an op of a
 * mixed edge can carry that op's edge weight as its scale ({@link #foldEdgeWeight}): the weighted output
 * then costs no extra pass over the activation, and {@code dL/dw} is the sum of {@code dL/dgamma}.
 */
final class BatchNormModule implements Module {
  private final Layer.BatchNorm layer;
  private final INDArray gamma;
  private final INDArray beta;
  private final INDArray runningMean;
  private final INDArray runningVar;
  private final INDArray ones;
  private final INDArray zeros;
  private String foldGroup;
  private int foldEdge;
  private int foldOp;
  // per pass
  private INDArray mean;
  private INDArray var;
  private INDArray scale;

  BatchNormModule(Layer.BatchNorm layer, INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningVar) {
    this.layer = layer;
    this.gamma = gamma;
    this.beta = beta;
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.ones = Nd4j.ones(runningMean.dataType(), layer.channels());
    this.zeros = Nd4j.zeros(runningMean.dataType(), layer.channels());
  }

  /** Scales the output by the edge weight of op {@code op} on row {@code edge} of {@code group}. */
  void foldEdgeWeight(String group, int edge, int op) {
    if (layer.affine()) {
      throw new IllegalStateException(layer.name() + ": only a non-affine batch norm can carry an edge weight");
    }
    this.foldGroup = group;
    this.foldEdge = edge;
    this.foldOp = op;
  }

  boolean folded() {
    return foldGroup != null;
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray x = in[0];
    INDArray out = c.pool().acquire(x.shape());
    boolean batchStatistics = c.mode() != BatchNormMode.RUNNING;
    if (batchStatistics) {
      mean = c.pool().acquire(layer.channels());
      var = c.pool().acquire(layer.channels());
    } else {
      mean = runningMean;
      var = runningVar;
    }
    if (folded()) {
      scale = c.pool().acquire(layer.channels()).assign(c.edgeWeights().weight(foldGroup, foldEdge, foldOp));
    } else {
      scale = layer.affine() ? gamma : ones;
    }
    INDArray shift = layer.affine() ? beta : zeros;
    if (HostArrays.applies(x, out)) {
      HostBatchNorm.forward(x, batchStatistics, mean, var, scale, shift, out, Layer.BatchNorm.EPS);
    } else {
      if (batchStatistics) {
        NativeOps.moments(x, mean, var);
      }
      NativeOps.batchNorm(x, mean, var, scale, shift, out, Layer.BatchNorm.EPS);
    }
    if (c.mode() == BatchNormMode.TRAIN) {
      double m = c.statisticsMomentum();
      runningMean.muli(1 - m);
      Nd4j.getBlasWrapper().level1().axpy(runningMean.length(), m, mean, runningMean);
      runningVar.muli(1 - m);
      Nd4j.getBlasWrapper().level1().axpy(runningVar.length(), m, var, runningVar);
    }
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray x = in[0];
    long ch = layer.channels();
    INDArray dx = c.pool().acquire(x.shape());
    INDArray dgamma = c.pool().acquire(ch);
    INDArray dbeta = c.pool().acquire(ch);
    boolean throughStatistics = c.mode() != BatchNormMode.RUNNING;
    if (HostArrays.applies(x, dOut, dx)) {
      HostBatchNorm.backward(x, mean, var, scale, dOut, throughStatistics, dx, dgamma, dbeta, Layer.BatchNorm.EPS);
    } else if (!throughStatistics) {
      runningBackward(c, x, dOut, dx, dgamma, dbeta);
    } else {
      INDArray dmean = c.pool().acquire(ch);
      INDArray dvar = c.pool().acquire(ch);
      NativeOps.batchNormBackward(x, mean, var, scale, layer.affine() ? beta : zeros, dOut, dx, dmean, dvar, dgamma,
          dbeta, Layer.BatchNorm.EPS);
      c.pool().release(dmean);
      c.pool().release(dvar);
    }
    if (layer.affine()) {
      c.addGradient(layer.gamma(), dgamma);
      c.addGradient(layer.beta(), dbeta);
    } else if (folded()) {
      c.edgeWeights().addGradient(foldGroup, foldEdge, foldOp, dgamma.sumNumber().doubleValue());
    }
    c.pool().release(dgamma);
    c.pool().release(dbeta);
    return new INDArray[] {dx};
  }

  /** With fixed statistics: {@code dx = dOut * scale / sqrt(var + eps)}, {@code dgamma = sum dOut * xhat}. */
  private void runningBackward(PassContext c, INDArray x, INDArray dOut, INDArray dx, INDArray dgamma,
      INDArray dbeta) {
    INDArray factor = c.pool().acquire(layer.channels()).assign(var).addi(Layer.BatchNorm.EPS);
    Transforms.sqrt(factor, false).rdivi(1).muli(scale);
    Nd4j.exec(new BroadcastMulOp(dOut, factor, dx, 1));
    INDArray xhat = c.pool().acquire(x.shape());
    NativeOps.batchNorm(x, mean, var, ones, zeros, xhat, Layer.BatchNorm.EPS);
    xhat.muli(dOut);
    NativeOps.sum(xhat, dgamma, 0, 2, 3);
    NativeOps.sum(dOut, dbeta, 0, 2, 3);
    c.pool().release(xhat);
    c.pool().release(factor);
  }

  @Override
  public void endPass(PassContext c) {
    if (mean != runningMean) {
      c.pool().release(mean);
      c.pool().release(var);
    }
    if (folded()) {
      c.pool().release(scale);
    }
    mean = null;
    var = null;
    scale = null;
  }
}
