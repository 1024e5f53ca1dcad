package org.sparknas.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff building blocks of the DARTS and NAS-Bench-201 operations (specs/algorithms.md §0.1,
 * §0.2). All tensors are NCHW; convolutions have no bias; every weight is named
 * {@code <name>/<part>} so graphs built for different encodings share parameters by name.
 * Two rules from specs/cpu-performance.md hold here: linear layers are {@code mmul + add} (never
 * {@code sd.nn().linear}), and dilated depthwise kernels are zero-inserted into a dense kernel
 * because the oneDNN helper rejects dilation.
 */
public final class Layers {
  private Layers() {}

  /** Conv k x k (cIn -> cOut), stride s, padding p, no bias. Weights [k, k, cIn, cOut]. */
  public static SDVariable conv(GraphBuilder g, String name, SDVariable x, long cIn, long cOut, int k, int stride,
      int pad) {
    SDVariable w = g.weight(name + "/w", () -> g.init().uniformFanIn(name + "/w", cIn * k * k, k, k, cIn, cOut));
    return g.sd().cnn().conv2d(x, w, convConfig(k, stride, pad, 1));
  }

  /** ReLU -> conv -> BN (DARTS {@code ReLUConvBN}, NAS-Bench-201 {@code nor_conv}). */
  public static SDVariable reluConvBn(GraphBuilder g, String name, SDVariable x, long cIn, long cOut, int k,
      int stride, int pad, boolean affine) {
    return reluConvBn(g, name, x, cIn, cOut, k, stride, pad, affine, null);
  }

  /** {@link #reluConvBn} with its output scaled by a mixed-edge weight folded into the BN ({@code null}: none). */
  public static SDVariable reluConvBn(GraphBuilder g, String name, SDVariable x, long cIn, long cOut, int k,
      int stride, int pad, boolean affine, SDVariable scale) {
    SDVariable y = conv(g, name + "/conv", g.relu(x), cIn, cOut, k, stride, pad);
    return BatchNorm.apply(g, name + "/bn", y, cOut, affine, scale);
  }

  /**
   * One separable unit: ReLU -> depthwise k x k (stride s, dilation d) -> pointwise 1x1 -> BN. DARTS's
   * {@code dil_conv} is one such unit; {@code sep_conv} is two, the second with stride 1.
   */
  public static SDVariable separableUnit(GraphBuilder g, String name, SDVariable x, long cIn, long cOut, int k,
      int stride, int pad, int dilation, boolean affine) {
    return separableUnit(g, name, x, cIn, cOut, k, stride, pad, dilation, affine, null);
  }

  /** {@link #separableUnit} with its output scaled by a weight folded into the BN ({@code null}: none). */
  public static SDVariable separableUnit(GraphBuilder g, String name, SDVariable x, long cIn, long cOut, int k,
      int stride, int pad, int dilation, boolean affine, SDVariable scale) {
    SameDiff sd = g.sd();
    SDVariable h = g.relu(x);
    SDVariable dw = g.weight(name + "/dw", () -> g.init().uniformFanIn(name + "/dw", (long) k * k, k, k, cIn, 1));
    int kEff = k;
    if (dilation > 1) {
      dw = zeroInsert(sd, dw, k, dilation, cIn);
      kEff = dilation * (k - 1) + 1;
    }
    h = sd.cnn().depthWiseConv2d(h, dw, convConfig(kEff, stride, pad, 1));
    SDVariable pw = g.weight(name + "/pw", () -> g.init().uniformFanIn(name + "/pw", cIn, 1, 1, cIn, cOut));
    h = sd.cnn().conv2d(h, pw, convConfig(1, 1, 0, 1));
    return BatchNorm.apply(g, name + "/bn", h, cOut, affine, scale);
  }

  /** DARTS {@code sep_conv_kxk}: two separable units, the first carrying the stride. */
  public static SDVariable sepConv(GraphBuilder g, String name, SDVariable x, long c, int k, int stride,
      boolean affine) {
    return sepConv(g, name, x, c, k, stride, affine, null);
  }

  /** {@link #sepConv} with its output scaled by a weight folded into the last BN ({@code null}: none). */
  public static SDVariable sepConv(GraphBuilder g, String name, SDVariable x, long c, int k, int stride,
      boolean affine, SDVariable scale) {
    int pad = k / 2;
    SDVariable h = separableUnit(g, name + "/unit1", x, c, c, k, stride, pad, 1, affine);
    return separableUnit(g, name + "/unit2", h, c, c, k, 1, pad, 1, affine, scale);
  }

  /** DARTS {@code dil_conv_kxk}: one separable unit with dilation 2 and padding {@code k - 1}. */
  public static SDVariable dilConv(GraphBuilder g, String name, SDVariable x, long c, int k, int stride,
      boolean affine) {
    return dilConv(g, name, x, c, k, stride, affine, null);
  }

  /** {@link #dilConv} with its output scaled by a weight folded into the BN ({@code null}: none). */
  public static SDVariable dilConv(GraphBuilder g, String name, SDVariable x, long c, int k, int stride,
      boolean affine, SDVariable scale) {
    return separableUnit(g, name, x, c, c, k, stride, k - 1, 2, affine, scale);
  }

  /** Max pooling 3x3, padding 1 (padded cells never win). */
  public static SDVariable maxPool3(GraphBuilder g, SDVariable x, int stride) {
    return g.sd().cnn().maxPooling2d(x, poolConfig(3, stride, 1, false));
  }

  /** Average pooling 3x3, padding 1, dividing by the number of real pixels ({@code count_include_pad=false}). */
  public static SDVariable avgPool3(GraphBuilder g, SDVariable x, int stride) {
    return g.sd().cnn().avgPooling2d(x, poolConfig(3, stride, 1, false));
  }

  /** Average pooling 2x2, stride 2, no padding (the NAS-Bench-201 ResNet shortcut). */
  public static SDVariable avgPool2(GraphBuilder g, SDVariable x) {
    return g.sd().cnn().avgPooling2d(x, poolConfig(2, 2, 0, false));
  }

  /**
   * FactorizedReduce(cIn, cOut): ReLU, then two stride-2 1x1 convs, the second on the input shifted by
   * one pixel, concatenated on channels, then BN. With {@code padShift} the input is first padded by
   * one pixel right and bottom (the NAS-Bench-201 variant), which keeps odd sizes aligned.
   */
  public static SDVariable factorizedReduce(GraphBuilder g, String name, SDVariable x, long cIn, long cOut,
      boolean padShift, boolean affine) {
    if (cOut % 2 != 0) {
      throw new IllegalArgumentException(name + ": FactorizedReduce needs an even output channel count, got " + cOut);
    }
    SameDiff sd = g.sd();
    SDVariable h = g.relu(x);
    SDVariable a = conv(g, name + "/conv_a", h, cIn, cOut / 2, 1, 2, 0);
    SDVariable shifted = padShift
        ? sd.nn().pad(h, sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 1}})), 0.0)
        : h;
    shifted = sd.slice(shifted, new int[] {0, 0, 1, 1}, -1, -1, -1, -1);
    SDVariable b = conv(g, name + "/conv_b", shifted, cIn, cOut / 2, 1, 2, 0);
    return BatchNorm.apply(g, name + "/bn", sd.concat(1, a, b), cOut, affine);
  }

  /** Global average pooling then a linear layer: [N, C, H, W] -> [N, classes]. */
  public static SDVariable classifier(GraphBuilder g, String name, SDVariable x, long c, long classes) {
    SDVariable pooled = x.mean(2, 3);
    return linear(g, name, pooled, c, classes);
  }

  /** {@code x W + b}, written as mmul + add: the oneDNN {@code xw_plus_b} helper is wrong on re-run. */
  public static SDVariable linear(GraphBuilder g, String name, SDVariable x, long in, long out) {
    SDVariable w = g.weight(name + "/w", () -> g.init().uniformFanIn(name + "/w", in, in, out));
    SDVariable b = g.weight(name + "/b", () -> g.init().uniformFanIn(name + "/b", in, out));
    return x.mmul(w).add(b);
  }

  /** Zeros shaped like the output of a stride-s op on x (the {@code none} op when nothing else feeds a node). */
  public static SDVariable zeros(GraphBuilder g, SDVariable x, int stride) {
    SDVariable shaped = stride == 1 ? x : g.sd().cnn().maxPooling2d(x, poolConfig(1, stride, 0, false));
    return g.sd().zerosLike(shaped);
  }

  /**
   * Expands a [k, k, C, 1] depthwise kernel to the dense [k', k', C, 1] kernel of dilation d
   * (k' = d(k-1)+1) with one constant 0/1 matrix product, so gradients flow to the k x k weights. The
   * constant takes the kernel's data type: matmul does not mix types.
   */
  static SDVariable zeroInsert(SameDiff sd, SDVariable kernel, int k, int d, long channels) {
    int kd = d * (k - 1) + 1;
    INDArray scatter = Nd4j.zeros(kernel.dataType(), (long) kd * kd, (long) k * k);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        scatter.putScalar(new long[] {(long) (i * d) * kd + (long) j * d, (long) i * k + j}, 1f);
      }
    }
    SDVariable flat = kernel.reshape((long) k * k, channels);
    return sd.constant(scatter).mmul(flat).reshape(kd, kd, channels, 1);
  }

  static Conv2DConfig convConfig(int k, int stride, int pad, int dilation) {
    return Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(dilation).dW(dilation)
        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
  }

  static Pooling2DConfig poolConfig(int k, int stride, int pad, boolean countPadding) {
    // extra = 0 divides by the real pixels only; divisor alone is ignored by this ND4J version
    return Pooling2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad)
        .paddingMode(PaddingMode.VALID).extra(countPadding ? 1 : 0)
        .divisor(countPadding ? Pooling2D.Divisor.INCLUDE_PADDING : Pooling2D.Divisor.EXCLUDE_PADDING)
        .isNHWC(false).build();
  }
}
