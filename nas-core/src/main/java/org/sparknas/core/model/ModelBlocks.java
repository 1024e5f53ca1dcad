package org.sparknas.core.model;

import java.util.List;

import org.sparknas.core.model.ModelBuilder.Tensor;

/**
 * The DARTS and NAS-Bench-201 operations (specs/algorithms.md §0.1, §0.2) as DL4J layers, written from
 * the specification rather than from the engine's {@code network.Blocks}, whose weight names they share
 * ({@code <name>/conv/w}, {@code <name>/bn}, ...) so that engine weights can be copied in.
 */
public final class ModelBlocks {
  private ModelBlocks() {}

  /** ReLU -> conv -> BN (DARTS {@code ReLUConvBN}, NAS-Bench-201 {@code nor_conv}). */
  public static Tensor reluConvBn(ModelBuilder b, String name, Tensor x, long out, int kernel, int stride, int padding,
      boolean affine) {
    Tensor y = b.conv(name + "/conv/w", b.relu(x), out, kernel, stride, padding);
    return b.batchNorm(name + "/bn", y, affine);
  }

  /**
   * ReLU -> depthwise k x k (stride, dilation) -> pointwise 1x1 -> BN. Undilated, the two convolutions
   * are separate layers (the oneDNN depthwise kernel is the fast one); dilated, one DL4J separable
   * convolution.
   */
  public static Tensor separableUnit(ModelBuilder b, String name, Tensor x, long out, int kernel, int stride,
      int padding, int dilation, boolean affine) {
    Tensor h;
    if (dilation == 1) {
      h = b.conv(name + "/pw", b.depthwiseConv(name + "/dw", b.relu(x), kernel, stride, padding, 1), out, 1, 1, 0);
    } else {
      h = b.separableConv(name, b.relu(x), out, kernel, stride, padding, dilation);
    }
    return b.batchNorm(name + "/bn", h, affine);
  }

  /** DARTS {@code sep_conv_kxk}: two separable units, the first with the stride. */
  public static Tensor sepConv(ModelBuilder b, String name, Tensor x, int kernel, int stride, boolean affine) {
    Tensor h = separableUnit(b, name + "/unit1", x, x.channels(), kernel, stride, kernel / 2, 1, affine);
    return separableUnit(b, name + "/unit2", h, x.channels(), kernel, 1, kernel / 2, 1, affine);
  }

  /** DARTS {@code dil_conv_kxk}: one separable unit, dilation 2, padding {@code k - 1}. */
  public static Tensor dilConv(ModelBuilder b, String name, Tensor x, int kernel, int stride, boolean affine) {
    return separableUnit(b, name, x, x.channels(), kernel, stride, kernel - 1, 2, affine);
  }

  /**
   * FactorizedReduce: ReLU, two stride-2 1x1 convolutions, the second on the input shifted by one
   * pixel (zero last row and column), concatenated, then BN.
   */
  public static Tensor factorizedReduce(ModelBuilder b, String name, Tensor x, long out, boolean affine) {
    if (out % 2 != 0) {
      throw new IllegalArgumentException(name + ": FactorizedReduce needs an even output channel count, got " + out);
    }
    Tensor h = b.relu(x);
    Tensor a = b.conv(name + "/conv_a/w", h, out / 2, 1, 2, 0);
    Tensor c = b.conv(name + "/conv_b/w", b.shift(name + "/shift", h), out / 2, 1, 2, 0);
    return b.batchNorm(name + "/bn", b.concat(name + "/concat", List.of(a, c)), affine);
  }

  /** Max pooling 3x3, padding 1. */
  public static Tensor maxPool3(ModelBuilder b, String name, Tensor x, int stride) {
    return b.maxPool(name + "/pool", x, 3, stride, 1);
  }

  /** Average pooling 3x3, padding 1, over the real pixels only. */
  public static Tensor avgPool3(ModelBuilder b, String name, Tensor x, int stride) {
    return b.avgPool(name + "/pool", x, 3, stride, 1);
  }

  /** Global average pooling, then the linear softmax classifier {@code name} (weights {@code name/w}, {@code name/b}). */
  public static Tensor classifier(ModelBuilder b, String name, Tensor x, int classes, double lossWeight) {
    return b.output(name, b.globalAvgPool(name + "/pool", x), classes, lossWeight);
  }
}
