package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.BatchNorm} of a {@code [N, F]} input (PyTorch's {@code BatchNorm1d}, in the BossNAS
 * projection necks and predictors): the same libnd4j {@code moments}, {@code batchnorm} and
 * {@code batchnorm_bp} as the 2-d layer, run on {@code [N, F, 1, 1]} views of the pool arrays. Modes as
 * in {@link BatchNormModule}; no edge-weight folding.
 */
final class BatchNorm1dModule implements Module {
  private final Layer.BatchNorm layer;
  private final INDArray gamma;
  private final INDArray beta;
  private final INDArray runningMean;
  private final INDArray runningVar;
  // per pass
  private INDArray mean;
  private INDArray var;

  BatchNorm1dModule(Layer.BatchNorm layer, INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningVar) {
    this.layer = layer;
    this.gamma = layer.affine() ? gamma : Nd4j.ones(runningMean.dataType(), layer.channels());
    this.beta = layer.affine() ? beta : Nd4j.zeros(runningMean.dataType(), layer.channels());
    this.runningMean = runningMean;
    this.runningVar = runningVar;
  }

  private static INDArray view(INDArray a) {
    return a.reshape(a.size(0), a.size(1), 1, 1);
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray x = in[0];
    if (c.mode() == BatchNormMode.RUNNING) {
      mean = runningMean;
      var = runningVar;
    } else {
      mean = c.pool().acquire(layer.channels());
      var = c.pool().acquire(layer.channels());
      NativeOps.moments(view(x), mean, var);
      if (c.mode() == BatchNormMode.TRAIN) {
        double m = c.statisticsMomentum();
        runningMean.muli(1 - m).addi(mean.mul(m));
        runningVar.muli(1 - m).addi(var.mul(m));
      }
    }
    INDArray out = c.pool().acquire(x.shape());
    NativeOps.batchNorm(view(x), mean, var, gamma, beta, view(out), Layer.BatchNorm.EPS);
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    INDArray x = in[0];
    long ch = layer.channels();
    INDArray dx = c.pool().acquire(x.shape());
    INDArray dgamma = c.pool().acquire(ch);
    INDArray dbeta = c.pool().acquire(ch);
    if (c.mode() == BatchNormMode.RUNNING) {
      INDArray factor = Transforms.sqrt(var.add(Layer.BatchNorm.EPS), false).rdivi(1).muli(gamma);
      Nd4j.exec(new BroadcastMulOp(dOut, factor, dx, 1));
      INDArray xhat = x.subRowVector(mean).diviRowVector(Transforms.sqrt(var.add(Layer.BatchNorm.EPS), false));
      dgamma.assign(xhat.muli(dOut).sum(0));
      dbeta.assign(dOut.sum(0));
    } else {
      INDArray dmean = c.pool().acquire(ch);
      INDArray dvar = c.pool().acquire(ch);
      NativeOps.batchNormBackward(view(x), mean, var, gamma, beta, view(dOut), view(dx), dmean, dvar, dgamma, dbeta,
          Layer.BatchNorm.EPS);
      c.pool().release(dmean);
      c.pool().release(dvar);
    }
    if (layer.affine()) {
      c.addGradient(layer.gamma(), dgamma);
      c.addGradient(layer.beta(), dbeta);
    }
    c.pool().release(dgamma);
    c.pool().release(dbeta);
    return new INDArray[] {dx};
  }

  @Override
  public void endPass(PassContext c) {
    if (mean != runningMean) {
      c.pool().release(mean);
      c.pool().release(var);
    }
    mean = null;
    var = null;
  }
}
