package org.sparknas.core.network;

import java.util.List;

/**
 * The DARTS and NAS-Bench-201 operations (specs/algorithms.md §0.1, §0.2) and squeeze-and-excitation,
 * composed from layers. Every weight is named under the block's name ({@code <name>/conv/w},
 * {@code <name>/bn/...}), so networks of different encodings share it.
 */
public final class Blocks {
  private Blocks() {}

  /** ReLU -> conv -> BN (DARTS {@code ReLUConvBN}, NAS-Bench-201 {@code nor_conv}). */
  public static Node reluConvBn(NetworkBuilder b, String name, Node x, long out, int kernel, int stride, int padding,
      boolean affine) {
    Node y = b.conv(name + "/conv/w", b.relu(x), out, kernel, stride, padding);
    return b.batchNorm(name + "/bn", y, affine);
  }

  /**
   * One separable unit: ReLU -> depthwise k x k (stride, dilation) -> pointwise 1x1 -> BN. DARTS's
   * {@code dil_conv} is one unit; {@code sep_conv} is two, the second with stride 1.
   */
  public static Node separableUnit(NetworkBuilder b, String name, Node x, long out, int kernel, int stride,
      int padding, int dilation, boolean affine) {
    Node h = b.depthwiseConv(name + "/dw", b.relu(x), kernel, stride, padding, dilation);
    h = b.conv(name + "/pw", h, out, 1, 1, 0);
    return b.batchNorm(name + "/bn", h, affine);
  }

  /** DARTS {@code sep_conv_kxk}: two separable units, the first carrying the stride. */
  public static Node sepConv(NetworkBuilder b, String name, Node x, int kernel, int stride, boolean affine) {
    long c = x.channels();
    Node h = separableUnit(b, name + "/unit1", x, c, kernel, stride, kernel / 2, 1, affine);
    return separableUnit(b, name + "/unit2", h, c, kernel, 1, kernel / 2, 1, affine);
  }

  /** DARTS {@code dil_conv_kxk}: one separable unit with dilation 2 and padding {@code k - 1}. */
  public static Node dilConv(NetworkBuilder b, String name, Node x, int kernel, int stride, boolean affine) {
    return separableUnit(b, name, x, x.channels(), kernel, stride, kernel - 1, 2, affine);
  }

  /**
   * FactorizedReduce: ReLU, then two stride-2 1x1 convolutions, the second on the input moved by one
   * pixel (zero-padded at the end, the NAS-Bench-201 variant, which keeps odd sizes aligned),
   * concatenated on channels, then BN.
   */
  public static Node factorizedReduce(NetworkBuilder b, String name, Node x, long out, boolean affine) {
    if (out % 2 != 0) {
      throw new IllegalArgumentException(name + ": FactorizedReduce needs an even output channel count, got " + out);
    }
    Node h = b.relu(x);
    Node a = b.conv(name + "/conv_a/w", h, out / 2, 1, 2, 0);
    Node c = b.conv(name + "/conv_b/w", b.shift(h), out / 2, 1, 2, 0);
    return b.batchNorm(name + "/bn", b.concat(List.of(a, c)), affine);
  }

  /** Max pooling 3x3, padding 1. */
  public static Node maxPool3(NetworkBuilder b, Node x, int stride) {
    return b.maxPool(x, 3, stride, 1);
  }

  /** Average pooling 3x3, padding 1, dividing by the real pixels. */
  public static Node avgPool3(NetworkBuilder b, Node x, int stride) {
    return b.avgPool(x, 3, stride, 1);
  }

  /**
   * Squeeze-and-excitation (timm's {@code SqueezeExcite} with SiLU): global average pool, a linear
   * layer to {@code reduced} features, SiLU, a linear layer back to the channels, sigmoid, and the
   * input gated per channel by the result (the two linear layers are timm's 1x1 convolutions with bias
   * on the pooled vector).
   */
  public static Node squeezeExcite(NetworkBuilder b, String name, Node x, long reduced) {
    Node squeezed = b.silu(b.linear(name + "/reduce", b.globalAvgPool(x), reduced));
    return b.channelScale(x, b.sigmoid(b.linear(name + "/expand", squeezed, x.channels())));
  }

  /** Global average pooling then a linear layer to the classes. */
  public static Node classifier(NetworkBuilder b, String name, Node x, long classes) {
    return b.linear(name, b.globalAvgPool(x), classes);
  }
}
