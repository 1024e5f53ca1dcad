package org.sparknas.core.nn;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch norm over NCHW float activations as plain loops over ND4J's host memory, for the CPU backend.
 * libnd4j's {@code moments}, {@code batchnorm} and {@code batchnorm_bp} walk the channel axis through
 * tensor-along-dimension views and took 37 % of a DARTS step; here one channel's {@code N} contiguous
 * {@code H*W} runs are read twice forward (statistics, then normalise) and twice backward (the two sums,
 * then {@code dx}), which is about 3.5x faster at the benchmark's shapes. Sums go through double, and the
 * variance is taken around a shift (the channel's first value) so a large mean does not cancel it away.
 * Other types, views and device memory use the native ops ({@link HostArrays#applies}).
 */
final class HostBatchNorm {
  private HostBatchNorm() {}

  /**
   * {@code out = (x - mean) / sqrt(var + eps) * scale + shift} per channel; with {@code batchStatistics}
   * the batch's mean and biased variance are first computed into {@code mean} and {@code var}.
   */
  static void forward(INDArray x, boolean batchStatistics, INDArray mean, INDArray var, INDArray scale,
      INDArray shift, INDArray out, double eps) {
    int n = (int) x.size(0);
    int channels = (int) x.size(1);
    int hw = (int) (x.length() / ((long) n * channels));
    FloatBuffer xs = HostArrays.floats(x);
    FloatBuffer ys = HostArrays.floats(out);
    for (int c = 0; c < channels; c++) {
      if (batchStatistics) {
        float pivot = xs.get(c * hw);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
          int base = (i * channels + c) * hw;
          float s = 0;
          float q = 0;
          for (int j = base; j < base + hw; j++) {
            float d = xs.get(j) - pivot;
            s += d;
            q += d * d;
          }
          sum += s;
          squares += q;
        }
        double count = (double) n * hw;
        double shifted = sum / count;
        mean.putScalar(c, pivot + shifted);
        var.putScalar(c, Math.max(0, squares / count - shifted * shifted));
      }
      double a = scale.getDouble(c) / Math.sqrt(var.getDouble(c) + eps);
      float mul = (float) a;
      float add = (float) (shift.getDouble(c) - mean.getDouble(c) * a);
      for (int i = 0; i < n; i++) {
        int base = (i * channels + c) * hw;
        for (int j = base; j < base + hw; j++) {
          ys.put(j, xs.get(j) * mul + add);
        }
      }
    }
  }

  /**
   * The gradients of {@link #forward}: {@code dScale = sum dOut * xhat}, {@code dShift = sum dOut}, and
   * {@code dx}; with {@code throughStatistics} (the forward used batch statistics) {@code dx} includes
   * the paths through the batch mean and variance: {@code scale / std * (dOut - mean(dOut) - xhat *
   * mean(dOut * xhat))}, else it is {@code scale / std * dOut}.
   */
  static void backward(INDArray x, INDArray mean, INDArray var, INDArray scale, INDArray dOut,
      boolean throughStatistics, INDArray dx, INDArray dScale, INDArray dShift, double eps) {
    int n = (int) x.size(0);
    int channels = (int) x.size(1);
    int hw = (int) (x.length() / ((long) n * channels));
    double count = (double) n * hw;
    FloatBuffer xs = HostArrays.floats(x);
    FloatBuffer dys = HostArrays.floats(dOut);
    FloatBuffer dxs = HostArrays.floats(dx);
    for (int c = 0; c < channels; c++) {
      float m = mean.getFloat(c);
      double sumDy = 0;
      double sumDyCentered = 0;
      for (int i = 0; i < n; i++) {
        int base = (i * channels + c) * hw;
        float s = 0;
        float p = 0;
        for (int j = base; j < base + hw; j++) {
          float d = dys.get(j);
          s += d;
          p += d * (xs.get(j) - m);
        }
        sumDy += s;
        sumDyCentered += p;
      }
      double invStd = 1 / Math.sqrt(var.getDouble(c) + eps);
      double dGamma = sumDyCentered * invStd;
      dScale.putScalar(c, dGamma);
      dShift.putScalar(c, sumDy);
      // dx = k1 * dOut + k2 * (x - mean) + k3
      double k1 = scale.getDouble(c) * invStd;
      double k2 = throughStatistics ? -k1 * invStd * dGamma / count : 0;
      double k3 = throughStatistics ? -k1 * sumDy / count : 0;
      float f1 = (float) k1;
      float f2 = (float) k2;
      float f3 = (float) k3;
      for (int i = 0; i < n; i++) {
        int base = (i * channels + c) * hw;
        for (int j = base; j < base + hw; j++) {
          dxs.put(j, f1 * dys.get(j) + f2 * (xs.get(j) - m) + f3);
        }
      }
    }
  }
}
