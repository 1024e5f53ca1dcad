package org.sparknas.core.nn;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling with stride 1 and "same" padding ({@code k} odd, padding {@code k/2}), averaging over
 * real pixels only, as plain loops over ND4J's host memory: the pool of NAS-Bench-201 and of DARTS's
 * normal cells. libnd4j's {@code avgpool2d} and {@code avgpool2d_bp} visit every window element by
 * element and took 17 % of a NAS-Bench-201 step. Both directions are a box sum here, which is separable
 * and so costs two passes of {@code k} adds per pixel: forward {@code out = box(x) / count}, and since
 * the window is symmetric, backward {@code dx = box(dOut / count)}. The count of real pixels in the
 * window at {@code (i, j)} is {@code rows(i) * cols(j)}, separable as well. Applies where
 * {@link HostArrays#applies} does; other pools keep libnd4j's ops.
 */
final class HostAvgPool {
  private HostAvgPool() {}

  /** Whether a pool with these settings is one this class computes. */
  static boolean handles(int kernel, int stride, int padding) {
    return stride == 1 && kernel % 2 == 1 && padding == kernel / 2;
  }

  /** {@code out[n, c] = box(x[n, c]) / count} for every image and channel of {@code [N, C, H, W]} {@code x}. */
  static void forward(INDArray x, INDArray out, int kernel) {
    run(x, out, kernel, false);
  }

  /** {@code dx[n, c] = box(dOut[n, c] / count)}: the adjoint of {@link #forward}. */
  static void backward(INDArray dOut, INDArray dx, int kernel) {
    run(dOut, dx, kernel, true);
  }

  private static void run(INDArray in, INDArray out, int kernel, boolean divideFirst) {
    int h = (int) in.size(2);
    int w = (int) in.size(3);
    int planes = (int) (in.length() / ((long) h * w));
    int r = kernel / 2;
    float[] rowScale = inverseCounts(h, r);
    float[] colScale = inverseCounts(w, r);
    float[] plane = new float[h * w];
    float[] rows = new float[h * w];
    float[] sums = new float[h * w];
    FloatBuffer src = HostArrays.floats(in);
    FloatBuffer dst = HostArrays.floats(out);
    for (int p = 0; p < planes; p++) {
      src.get(p * h * w, plane);
      if (divideFirst) {
        scale(plane, rowScale, colScale, w);
      }
      boxSum(plane, rows, sums, h, w, r);
      if (!divideFirst) {
        scale(sums, rowScale, colScale, w);
      }
      dst.put(p * h * w, sums);
    }
  }

  /** {@code 1 / (real pixels of the window centred at i)} along one axis of length {@code n}. */
  private static float[] inverseCounts(int n, int r) {
    float[] inv = new float[n];
    for (int i = 0; i < n; i++) {
      inv[i] = 1f / (Math.min(i + r, n - 1) - Math.max(i - r, 0) + 1);
    }
    return inv;
  }

  private static void scale(float[] a, float[] rowScale, float[] colScale, int w) {
    for (int y = 0; y < rowScale.length; y++) {
      float s = rowScale[y];
      int row = y * w;
      for (int x = 0; x < w; x++) {
        a[row + x] *= s * colScale[x];
      }
    }
  }

  /** The sum over the clipped {@code (2r+1)^2} window of every pixel: along rows into {@code rows}, then columns. */
  private static void boxSum(float[] in, float[] rows, float[] out, int h, int w, int r) {
    System.arraycopy(in, 0, rows, 0, h * w);
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int d = 1; d <= r; d++) {
        for (int x = d; x < w; x++) {
          rows[row + x] += in[row + x - d];
        }
        for (int x = 0; x < w - d; x++) {
          rows[row + x] += in[row + x + d];
        }
      }
    }
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int first = Math.max(y - r, 0);
      int last = Math.min(y + r, h - 1);
      System.arraycopy(rows, first * w, out, row, w);
      for (int yy = first + 1; yy <= last; yy++) {
        int src = yy * w;
        for (int x = 0; x < w; x++) {
          out[row + x] += rows[src + x];
        }
      }
    }
  }
}
