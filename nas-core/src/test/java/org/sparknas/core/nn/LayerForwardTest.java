package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Blocks;
import org.sparknas.core.network.Layer;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * Forward values of the engine's layers against plain-Java reference computations (PyTorch semantics
 * of specs/algorithms.md §0.1/§0.2), the engine in float and the reference in double.
 */
class LayerForwardTest {
  private static final double TOL = 1e-5;

  /** The engine's output of {@code op} applied directly to the input (BATCH mode), with weights created in {@code p}. */
  private static INDArray run(SupernetParameters p, LayerCases.Build op, INDArray x) {
    NetworkBuilder b = new NetworkBuilder(new long[] {x.size(1), x.size(2), x.size(3)});
    return new EngineRun(b.build(op.apply(b, b.input())), p, BatchNormMode.BATCH, x.size(0)).output(x);
  }

  // ---- plain-Java references, arrays as [N][C][H][W] -----------------------------------------------

  private static double[][][][] a4(INDArray a) {
    long[] s = a.shape();
    double[][][][] r = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
    for (int i = 0; i < s[0]; i++) {
      for (int j = 0; j < s[1]; j++) {
        for (int k = 0; k < s[2]; k++) {
          for (int l = 0; l < s[3]; l++) {
            r[i][j][k][l] = a.getDouble(i, j, k, l);
          }
        }
      }
    }
    return r;
  }

  private static double[][][][] relu(double[][][][] x) {
    double[][][][] r = new double[x.length][x[0].length][x[0][0].length][x[0][0][0].length];
    for (int n = 0; n < x.length; n++) {
      for (int c = 0; c < x[0].length; c++) {
        for (int h = 0; h < x[0][0].length; h++) {
          for (int w = 0; w < x[0][0][0].length; w++) {
            r[n][c][h][w] = Math.max(0, x[n][c][h][w]);
          }
        }
      }
    }
    return r;
  }

  /** Dense convolution, weights [k][k][cIn][cOut], zero padding, PyTorch output size. */
  private static double[][][][] conv(double[][][][] x, double[][][][] w, int stride, int pad) {
    int n = x.length;
    int cIn = x[0].length;
    int h = x[0][0].length;
    int k = w.length;
    int cOut = w[0][0][0].length;
    int o = (h + 2 * pad - k) / stride + 1;
    double[][][][] y = new double[n][cOut][o][o];
    for (int b = 0; b < n; b++) {
      for (int co = 0; co < cOut; co++) {
        for (int i = 0; i < o; i++) {
          for (int j = 0; j < o; j++) {
            double s = 0;
            for (int ci = 0; ci < cIn; ci++) {
              for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                  int r = i * stride - pad + u;
                  int c = j * stride - pad + v;
                  if (r >= 0 && r < h && c >= 0 && c < h) {
                    s += x[b][ci][r][c] * w[u][v][ci][co];
                  }
                }
              }
            }
            y[b][co][i][j] = s;
          }
        }
      }
    }
    return y;
  }

  /** Depthwise convolution with dilation, weights [k][k][C][1]. */
  private static double[][][][] depthwise(double[][][][] x, double[][][][] w, int stride, int pad, int dil) {
    int n = x.length;
    int ch = x[0].length;
    int h = x[0][0].length;
    int k = w.length;
    int o = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    double[][][][] y = new double[n][ch][o][o];
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < ch; c++) {
        for (int i = 0; i < o; i++) {
          for (int j = 0; j < o; j++) {
            double s = 0;
            for (int u = 0; u < k; u++) {
              for (int v = 0; v < k; v++) {
                int r = i * stride - pad + u * dil;
                int q = j * stride - pad + v * dil;
                if (r >= 0 && r < h && q >= 0 && q < h) {
                  s += x[b][c][r][q] * w[u][v][c][0];
                }
              }
            }
            y[b][c][i][j] = s;
          }
        }
      }
    }
    return y;
  }

  /** 3x3 pooling, padding 1; padded cells never take part (max) and are not counted (average). */
  private static double[][][][] pool3(double[][][][] x, int stride, boolean max) {
    int n = x.length;
    int ch = x[0].length;
    int h = x[0][0].length;
    int o = (h + 2 - 3) / stride + 1;
    double[][][][] y = new double[n][ch][o][o];
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < ch; c++) {
        for (int i = 0; i < o; i++) {
          for (int j = 0; j < o; j++) {
            double s = max ? Double.NEGATIVE_INFINITY : 0;
            int count = 0;
            for (int r = i * stride - 1; r <= i * stride + 1; r++) {
              for (int q = j * stride - 1; q <= j * stride + 1; q++) {
                if (r >= 0 && r < h && q >= 0 && q < h) {
                  s = max ? Math.max(s, x[b][c][r][q]) : s + x[b][c][r][q];
                  count++;
                }
              }
            }
            y[b][c][i][j] = max ? s : s / count;
          }
        }
      }
    }
    return y;
  }

  /** Batch norm with batch statistics (biased variance), optional per-channel gamma and beta. */
  private static double[][][][] bn(double[][][][] x, double[] gamma, double[] beta) {
    int n = x.length;
    int ch = x[0].length;
    int h = x[0][0].length;
    int wd = x[0][0][0].length;
    double[][][][] y = new double[n][ch][h][wd];
    for (int c = 0; c < ch; c++) {
      double sum = 0;
      double sq = 0;
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < wd; j++) {
            sum += x[b][c][i][j];
          }
        }
      }
      double mean = sum / (n * h * wd);
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < wd; j++) {
            sq += (x[b][c][i][j] - mean) * (x[b][c][i][j] - mean);
          }
        }
      }
      double inv = 1 / Math.sqrt(sq / (n * h * wd) + Layer.BatchNorm.EPS);
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < wd; j++) {
            double v = (x[b][c][i][j] - mean) * inv;
            y[b][c][i][j] = gamma == null ? v : v * gamma[c] + beta[c];
          }
        }
      }
    }
    return y;
  }

  private static void assertClose(double[][][][] expected, INDArray actual, String what) {
    long[] s = actual.shape();
    assertArrayEquals(new long[] {expected.length, expected[0].length, expected[0][0].length,
        expected[0][0][0].length}, s, what + ": shape");
    double maxRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < s[0]; i++) {
      for (int j = 0; j < s[1]; j++) {
        for (int k = 0; k < s[2]; k++) {
          for (int l = 0; l < s[3]; l++) {
            maxRef = Math.max(maxRef, Math.abs(expected[i][j][k][l]));
            maxDiff = Math.max(maxDiff, Math.abs(expected[i][j][k][l] - actual.getDouble(i, j, k, l)));
          }
        }
      }
    }
    assertTrue(maxDiff <= TOL * Math.max(maxRef, 1), what + ": max |diff| " + maxDiff + " (max |ref| " + maxRef + ")");
  }

  // ---- tests ---------------------------------------------------------------------------------------

  @ParameterizedTest(name = "conv 3x3, stride {0}")
  @CsvSource({"1", "2"})
  @DisplayName("conv uses [k, k, cIn, cOut] weights, zero padding and PyTorch's output size")
  void conv(int stride) {
    SupernetParameters p = SupernetParameters.empty(1);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 7, 2, 3, 8, 8);
    INDArray y = run(p, (b, in) -> b.conv("c/w", in, 4, 3, stride, 1), x);
    assertClose(conv(a4(x), a4(p.weights().get("c/w")), stride, 1), y, "conv");
  }

  @ParameterizedTest(name = "dilConv {0}x{0}, stride {1}")
  @CsvSource({"3, 1", "5, 2"})
  @DisplayName("dilConv equals ReLU, depthwise conv with dilation 2 and padding k-1, pointwise conv, batch norm")
  void dilatedConv(int k, int stride) {
    SupernetParameters p = SupernetParameters.empty(2);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 8, 2, 3, 8, 8);
    INDArray y = run(p, (b, in) -> Blocks.dilConv(b, "d", in, k, stride, false), x);
    double[][][][] h = depthwise(relu(a4(x)), a4(p.weights().get("d/dw")), stride, k - 1, 2);
    h = conv(h, a4(p.weights().get("d/pw")), 1, 0);
    assertClose(bn(h, null, null), y, "dilConv");
  }

  @Test
  @DisplayName("sepConv stride 2 equals two separable units, the first strided")
  void separableConv() {
    SupernetParameters p = SupernetParameters.empty(4);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 9, 2, 3, 8, 8);
    INDArray y = run(p, (b, in) -> Blocks.sepConv(b, "s", in, 3, 2, false), x);
    double[][][][] h = depthwise(relu(a4(x)), a4(p.weights().get("s/unit1/dw")), 2, 1, 1);
    h = bn(conv(h, a4(p.weights().get("s/unit1/pw")), 1, 0), null, null);
    h = depthwise(relu(h), a4(p.weights().get("s/unit2/dw")), 1, 1, 1);
    h = bn(conv(h, a4(p.weights().get("s/unit2/pw")), 1, 0), null, null);
    assertClose(h, y, "sepConv");
  }

  @ParameterizedTest(name = "stride {0}")
  @CsvSource({"1", "2"})
  @DisplayName("maxPool3 never picks a padded cell: on all-negative inputs every output is a real pixel, not 0")
  void maxPoolPadsWithMinusInfinity(int stride) {
    INDArray x = GradCheck.uniform(DataType.FLOAT, 10, 2, 3, 8, 8).subi(1.5); // in [-2.5, -0.5)
    INDArray y = run(SupernetParameters.empty(0), (b, in) -> Blocks.maxPool3(b, in, stride), x);
    assertClose(pool3(a4(x), stride, true), y, "maxPool3");
    assertTrue(y.maxNumber().doubleValue() < 0, "a zero from padding won");
    double corner = Math.max(Math.max(x.getDouble(0, 0, 0, 0), x.getDouble(0, 0, 0, 1)),
        Math.max(x.getDouble(0, 0, 1, 0), x.getDouble(0, 0, 1, 1)));
    assertEquals(corner, y.getDouble(0, 0, 0, 0), 1e-6, "top-left corner: max of its 4 real pixels");
  }

  @ParameterizedTest(name = "stride {0}")
  @CsvSource({"1", "2"})
  @DisplayName("avgPool3 divides by the number of real pixels (4 at a corner, 6 at an edge)")
  void avgPoolCountsRealPixelsOnly(int stride) {
    INDArray x = GradCheck.uniform(DataType.FLOAT, 11, 2, 3, 8, 8).addi(2); // positive: padding would show
    INDArray y = run(SupernetParameters.empty(0), (b, in) -> Blocks.avgPool3(b, in, stride), x);
    assertClose(pool3(a4(x), stride, false), y, "avgPool3");
    double corner = (x.getDouble(1, 2, 0, 0) + x.getDouble(1, 2, 0, 1) + x.getDouble(1, 2, 1, 0)
        + x.getDouble(1, 2, 1, 1)) / 4;
    assertEquals(corner, y.getDouble(1, 2, 0, 0), 1e-6, "top-left corner: mean of its 4 real pixels");
  }

  @ParameterizedTest(name = "padShift {0}, {1}x{1} input")
  @CsvSource({"false, 8", "true, 8", "true, 7"})
  @DisplayName("factorizedReduce concatenates a stride-2 1x1 conv of x and one of x shifted by one pixel, then BN "
      + "(unpadded, DARTS's, on even sizes)")
  void factorizedReduce(boolean padShift, int size) {
    SupernetParameters p = SupernetParameters.empty(5);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 12, 2, 3, size, size);
    INDArray y = run(p, (b, in) -> Blocks.factorizedReduce(b, "f", in, 4, false), x);
    double[][][][] r = relu(a4(x));
    int o = (size + 1) / 2;
    // x[:, :, 1:, 1:], padded with a zero row and column at the bottom and right when padShift
    int shiftedSize = padShift ? size : size - 1;
    double[][][][] shifted = new double[2][3][shiftedSize][shiftedSize];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < shiftedSize; i++) {
          for (int j = 0; j < shiftedSize; j++) {
            shifted[b][c][i][j] = i + 1 < size && j + 1 < size ? r[b][c][i + 1][j + 1] : 0;
          }
        }
      }
    }
    double[][][][] a = conv(r, a4(p.weights().get("f/conv_a/w")), 2, 0);
    double[][][][] s = conv(shifted, a4(p.weights().get("f/conv_b/w")), 2, 0);
    assertEquals(o, a[0][0].length);
    assertEquals(o, s[0][0].length, "both branches have the same size");
    double[][][][] cat = new double[2][4][o][o];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 2; c++) {
        cat[b][c] = a[b][c];
        cat[b][c + 2] = s[b][c];
      }
    }
    assertClose(bn(cat, null, null), y, "factorizedReduce");
  }

  @Test
  @DisplayName("affine batch norm normalises with batch mean and biased variance, then scales and shifts")
  void batchNormAffine() {
    SupernetParameters p = SupernetParameters.empty(6);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 13, 3, 3, 4, 4).muli(3).addi(1);
    LayerCases.Build op = (b, in) -> b.batchNorm("bn", in, true);
    run(p, op, x); // creates gamma = 1, beta = 0
    p.weights().get("bn/gamma").assign(GradCheck.uniform(DataType.FLOAT, 14, 3));
    p.weights().get("bn/beta").assign(GradCheck.uniform(DataType.FLOAT, 15, 3));
    INDArray y = run(p, op, x);
    assertClose(bn(a4(x), p.weights().get("bn/gamma").toDoubleVector(), p.weights().get("bn/beta").toDoubleVector()),
        y, "batch norm");
  }

  @Test
  @DisplayName("classifier is the global average pool followed by x W + b")
  void classifier() {
    SupernetParameters p = SupernetParameters.empty(7);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 16, 2, 4, 3, 3);
    INDArray y = run(p, (b, in) -> Blocks.classifier(b, "head", in, 5), x);
    INDArray w = p.weights().get("head/w");
    INDArray b = p.weights().get("head/b");
    assertArrayEquals(new long[] {2, 5}, y.shape());
    for (int n = 0; n < 2; n++) {
      for (int k = 0; k < 5; k++) {
        double s = b.getDouble(k);
        for (int c = 0; c < 4; c++) {
          double mean = 0;
          for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
              mean += x.getDouble(n, c, i, j) / 9;
            }
          }
          s += mean * w.getDouble(c, k);
        }
        assertEquals(s, y.getDouble(n, k), 1e-5, "logit " + n + "," + k);
      }
    }
  }
}
