package org.sparknas.core.nn;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch norm over NCHW float activations as plain loops over ND4J's host memory, for the CPU backend.
 * libnd4j's {@code moments}, {@code batchnorm} and {@code batchnorm_bp} walk the channel axis through
 * tensor-along-dimension views and took 37 % of a DARTS step. Here the activation is read in memory
 * order, one image's {@code H*W} run of one channel at a time copied into a Java array: twice forward
 * (per-channel sums, then normalise) and twice backward (the two sums, then {@code dx}). Walking channel
 * by channel instead jumps {@code C*H*W} floats between runs, which at 7x7 maps made the backward 2-3x
 * slower inside a step than on its own. Sums run in four float lanes per run (Java keeps float additions
 * in order, so one lane waits on every add) and go through double across runs, and the variance is
 * taken around a shift (the channel's first value) so a large mean does not cancel it away. Other
 * types, views and device memory use the native ops ({@link HostArrays#applies}).
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
    float[] run = new float[hw];
    if (batchStatistics) {
      float[] pivots = new float[channels];
      for (int c = 0; c < channels; c++) {
        pivots[c] = xs.get(c * hw);
      }
      double[] sums = new double[channels];
      double[] squares = new double[channels];
      float[] lanes = new float[2];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
          xs.get((i * channels + c) * hw, run);
          sumAndDot(run, pivots[c], run, pivots[c], lanes);
          sums[c] += lanes[0];
          squares[c] += lanes[1];
        }
      }
      double count = (double) n * hw;
      for (int c = 0; c < channels; c++) {
        double shifted = sums[c] / count;
        mean.putScalar(c, pivots[c] + shifted);
        var.putScalar(c, Math.max(0, squares[c] / count - shifted * shifted));
      }
    }
    float[] mul = new float[channels];
    float[] add = new float[channels];
    for (int c = 0; c < channels; c++) {
      double a = scale.getDouble(c) / Math.sqrt(var.getDouble(c) + eps);
      mul[c] = (float) a;
      add[c] = (float) (shift.getDouble(c) - mean.getDouble(c) * a);
    }
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        int base = (i * channels + c) * hw;
        xs.get(base, run);
        float m = mul[c];
        float b = add[c];
        for (int j = 0; j < hw; j++) {
          run[j] = run[j] * m + b;
        }
        ys.put(base, run);
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
    float[] xRun = new float[hw];
    float[] dyRun = new float[hw];
    float[] means = new float[channels];
    for (int c = 0; c < channels; c++) {
      means[c] = mean.getFloat(c);
    }
    double[] sumDy = new double[channels];
    double[] sumDyCentered = new double[channels];
    float[] lanes = new float[2];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        int base = (i * channels + c) * hw;
        dys.get(base, dyRun);
        xs.get(base, xRun);
        sumAndDot(dyRun, 0, xRun, means[c], lanes);
        sumDy[c] += lanes[0];
        sumDyCentered[c] += lanes[1];
      }
    }
    // dx = k1 * dOut + k2 * (x - mean) + k3
    float[] k1 = new float[channels];
    float[] k2 = new float[channels];
    float[] k3 = new float[channels];
    for (int c = 0; c < channels; c++) {
      double invStd = 1 / Math.sqrt(var.getDouble(c) + eps);
      double dGamma = sumDyCentered[c] * invStd;
      dScale.putScalar(c, dGamma);
      dShift.putScalar(c, sumDy[c]);
      double a = scale.getDouble(c) * invStd;
      double b = throughStatistics ? -a * invStd * dGamma / count : 0;
      k1[c] = (float) a;
      k2[c] = (float) b;
      k3[c] = (float) (throughStatistics ? -a * sumDy[c] / count - b * means[c] : 0);
    }
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        int base = (i * channels + c) * hw;
        dys.get(base, dyRun);
        xs.get(base, xRun);
        float a = k1[c];
        float b = k2[c];
        float d = k3[c];
        for (int j = 0; j < hw; j++) {
          dyRun[j] = a * dyRun[j] + b * xRun[j] + d;
        }
        dxs.put(base, dyRun);
      }
    }
  }

  /** {@code lanes = [sum (u - uShift), sum (u - uShift)(v - vShift)]} over the runs, in four lanes each. */
  private static void sumAndDot(float[] u, float uShift, float[] v, float vShift, float[] lanes) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float p0 = 0;
    float p1 = 0;
    float p2 = 0;
    float p3 = 0;
    int j = 0;
    for (; j + 3 < u.length; j += 4) {
      float a0 = u[j] - uShift;
      float a1 = u[j + 1] - uShift;
      float a2 = u[j + 2] - uShift;
      float a3 = u[j + 3] - uShift;
      s0 += a0;
      s1 += a1;
      s2 += a2;
      s3 += a3;
      p0 += a0 * (v[j] - vShift);
      p1 += a1 * (v[j + 1] - vShift);
      p2 += a2 * (v[j + 2] - vShift);
      p3 += a3 * (v[j + 3] - vShift);
    }
    for (; j < u.length; j++) {
      float a = u[j] - uShift;
      s0 += a;
      p0 += a * (v[j] - vShift);
    }
    lanes[0] = (s0 + s1) + (s2 + s3);
    lanes[1] = (p0 + p1) + (p2 + p3);
  }
}
