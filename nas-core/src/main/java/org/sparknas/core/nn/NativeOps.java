package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j operations the engine calls, each executed directly with preallocated outputs (no graph,
 * no allocation by the op): on the oneDNN build the convolution and pooling helpers run, and the
 * outputs come from the engine's {@link BufferPool}. NCHW activations; convolution weights
 * {@code [kH, kW, in, out]}. Batch-norm backward gives {@code dx} through the batch mean and variance as
 * well, so it must be fed the very statistics the forward used.
 */
final class NativeOps {
  private NativeOps() {}

  /** Padding mode VALID with explicit padding, NCHW, weights [kH, kW, iC, oC]. */
  private static int[] convArgs(int k, int stride, int pad, int dilation) {
    return new int[] {k, k, stride, stride, pad, pad, dilation, dilation, 0, 0, 0};
  }

  private static int[] poolArgs(int k, int stride, int pad, boolean countPadding) {
    return new int[] {k, k, stride, stride, pad, pad, 1, 1, 0, countPadding ? 1 : 0, 0};
  }

  private static void exec(String op, INDArray[] in, INDArray[] out, int[] iArgs, double... tArgs) {
    DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(in).addOutputs(out)
        .addIntegerArguments(iArgs);
    if (tArgs.length > 0) {
      Double[] t = new Double[tArgs.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = tArgs[i];
      }
      b.addFloatingPointArguments(t);
    }
    Nd4j.exec(b.build());
  }

  static void conv2d(INDArray x, INDArray w, INDArray out, int k, int stride, int pad) {
    exec("conv2d", new INDArray[] {x, w}, new INDArray[] {out}, convArgs(k, stride, pad, 1));
  }

  /** conv2d with dilation 1 and a rectangular kernel {@code kh x kw} (the weight-gradient trick of depthwise convolution). */
  static void conv2d(INDArray x, INDArray w, INDArray out, int kh, int kw, int stride, int pad) {
    exec("conv2d", new INDArray[] {x, w}, new INDArray[] {out},
        new int[] {kh, kw, stride, stride, pad, pad, 1, 1, 0, 0, 0});
  }

  static void conv2dBackward(INDArray x, INDArray w, INDArray dOut, INDArray dx, INDArray dw, int k, int stride,
      int pad) {
    exec("conv2d_bp", new INDArray[] {x, w, dOut}, new INDArray[] {dx, dw}, convArgs(k, stride, pad, 1));
  }

  static void depthwise(INDArray x, INDArray w, INDArray out, int k, int stride, int pad) {
    exec("depthwise_conv2d", new INDArray[] {x, w}, new INDArray[] {out}, convArgs(k, stride, pad, 1));
  }

  static void depthwiseBackward(INDArray x, INDArray w, INDArray dOut, INDArray dx, INDArray dw, int k, int stride,
      int pad) {
    exec("depthwise_conv2d_bp", new INDArray[] {x, w, dOut}, new INDArray[] {dx, dw}, convArgs(k, stride, pad, 1));
  }

  static void maxPool(INDArray x, INDArray out, int k, int stride, int pad) {
    exec("maxpool2d", new INDArray[] {x}, new INDArray[] {out}, poolArgs(k, stride, pad, false));
  }

  static void maxPoolBackward(INDArray x, INDArray dOut, INDArray dx, int k, int stride, int pad) {
    exec("maxpool2d_bp", new INDArray[] {x, dOut}, new INDArray[] {dx}, poolArgs(k, stride, pad, false));
  }

  /** Average pooling dividing by the real (unpadded) pixels. */
  static void avgPool(INDArray x, INDArray out, int k, int stride, int pad) {
    exec("avgpool2d", new INDArray[] {x}, new INDArray[] {out}, poolArgs(k, stride, pad, false));
  }

  static void avgPoolBackward(INDArray x, INDArray dOut, INDArray dx, int k, int stride, int pad) {
    exec("avgpool2d_bp", new INDArray[] {x, dOut}, new INDArray[] {dx}, poolArgs(k, stride, pad, false));
  }

  /** Per-channel mean and biased variance over (N, H, W). */
  static void moments(INDArray x, INDArray mean, INDArray var) {
    exec("moments", new INDArray[] {x}, new INDArray[] {mean, var}, new int[] {0, 2, 3});
  }

  /** {@code (x - mean) / sqrt(var + eps) * gamma + beta} per channel (axis 1). */
  static void batchNorm(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray out,
      double eps) {
    exec("batchnorm", new INDArray[] {x, mean, var, gamma, beta}, new INDArray[] {out}, new int[] {1, 1, 1}, eps);
  }

  /**
   * Batch-norm backward: {@code dx} (including the paths through {@code mean} and {@code var}, which must
   * be the batch statistics of {@code x}), {@code dgamma}, {@code dbeta}; {@code dmean}, {@code dvar} are
   * scratch outputs the op insists on.
   */
  static void batchNormBackward(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta,
      INDArray dOut, INDArray dx, INDArray dmean, INDArray dvar, INDArray dgamma, INDArray dbeta, double eps) {
    exec("batchnorm_bp", new INDArray[] {x, mean, var, gamma, beta, dOut},
        new INDArray[] {dx, dmean, dvar, dgamma, dbeta}, new int[] {1, 1, 1}, eps);
  }

  static void relu(INDArray x, INDArray out) {
    exec("relu", new INDArray[] {x}, new INDArray[] {out}, new int[0], 0.0);
  }

  static void reluBackward(INDArray x, INDArray dOut, INDArray dx) {
    exec("relu_bp", new INDArray[] {x, dOut}, new INDArray[] {dx}, new int[0], 0.0);
  }

  /** Sum over the given dimensions into {@code out}. */
  static void sum(INDArray x, INDArray out, int... dims) {
    exec("reduce_sum", new INDArray[] {x}, new INDArray[] {out}, dims);
  }

  /** Mean over the given dimensions into {@code out}. */
  static void mean(INDArray x, INDArray out, int... dims) {
    exec("reduce_mean", new INDArray[] {x}, new INDArray[] {out}, dims);
  }
}
