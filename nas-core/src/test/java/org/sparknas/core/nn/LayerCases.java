package org.sparknas.core.nn;

import java.util.List;
import java.util.Map;

import org.sparknas.core.network.Blocks;
import org.sparknas.core.network.Network;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;

/**
 * Every layer and block on tiny inputs (batch 2), each behind a 1x1 convolution {@code pre/w}, so that
 * the gradient through a weight-free layer (pooling, shift, concat) reaches a weight and is checked too.
 */
final class LayerCases {
  private LayerCases() {}

  /** Adds the layer under test after {@code pre}. */
  interface Build {
    Node apply(NetworkBuilder b, Node x);
  }

  record Case(String name, long[] inputShape, BatchNormMode mode, Build build) {
    Network network() {
      NetworkBuilder b = new NetworkBuilder(new long[] {inputShape[1], inputShape[2], inputShape[3]});
      Node pre = b.conv("pre/w", b.input(), inputShape[1], 1, 1, 0);
      return b.build(build.apply(b, pre));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Alpha group of the mixed-edge cases: one edge over none, skip, reluConvBn 3x3, avg pool. */
  static final String GROUP = "g";

  private static Case c(String name, BatchNormMode mode, Build build) {
    return new Case(name, new long[] {2, 3, 8, 8}, mode, build);
  }

  private static Case c(String name, BatchNormMode mode, Build build, long... shape) {
    return new Case(name, shape, mode, build);
  }

  static List<Case> all() {
    BatchNormMode b = BatchNormMode.BATCH;
    return List.of(
        c("conv 3x3 stride 1, 3->4 channels", b, (n, x) -> n.conv("c/w", x, 4, 3, 1, 1)),
        c("conv 3x3 stride 2, 3->4 channels", b, (n, x) -> n.conv("c/w", x, 4, 3, 2, 1)),
        c("conv 1x1 stride 2", b, (n, x) -> n.conv("c/w", x, 4, 1, 2, 0)),
        c("reluConvBn 3x3 affine, BATCH", b, (n, x) -> Blocks.reluConvBn(n, "rcb", x, 4, 3, 1, 1, true)),
        c("reluConvBn 1x1 stride 2 non-affine, TRAIN", BatchNormMode.TRAIN,
            (n, x) -> Blocks.reluConvBn(n, "rcb", x, 4, 1, 2, 0, false)),
        c("batch norm affine, RUNNING", BatchNormMode.RUNNING, (n, x) -> n.batchNorm("bn", x, true)),
        c("separable unit 3x3 stride 2 affine, 3->4", b,
            (n, x) -> Blocks.separableUnit(n, "su", x, 4, 3, 2, 1, 1, true)),
        c("sepConv 3x3 stride 1", b, (n, x) -> Blocks.sepConv(n, "sep", x, 3, 1, false)),
        c("sepConv 5x5 stride 2", b, (n, x) -> Blocks.sepConv(n, "sep", x, 5, 2, false)),
        c("dilConv 3x3 stride 1 (zero-inserted 5x5 kernel)", b, (n, x) -> Blocks.dilConv(n, "dil", x, 3, 1, false)),
        c("dilConv 5x5 stride 2 (zero-inserted 9x9 kernel)", b, (n, x) -> Blocks.dilConv(n, "dil", x, 5, 2, false)),
        c("maxPool3 stride 1", b, (n, x) -> Blocks.maxPool3(n, x, 1)),
        c("maxPool3 stride 2", b, (n, x) -> Blocks.maxPool3(n, x, 2)),
        c("avgPool3 stride 1", b, (n, x) -> Blocks.avgPool3(n, x, 1)),
        c("avgPool3 stride 2", b, (n, x) -> Blocks.avgPool3(n, x, 2)),
        c("avgPool 2x2 stride 2", b, (n, x) -> n.avgPool(x, 2, 2, 0)),
        c("factorizedReduce 8x8, 3->4", b, (n, x) -> Blocks.factorizedReduce(n, "fr", x, 4, false)),
        c("factorizedReduce odd 7x7, affine", b, (n, x) -> Blocks.factorizedReduce(n, "fr", x, 4, true), 2, 3, 7, 7),
        c("concat of two convolutions", b,
            (n, x) -> n.concat(List.of(n.conv("a/w", x, 2, 3, 1, 1), n.conv("b/w", x, 3, 1, 1, 0)))),
        c("sum of a convolution, its input and zeros", b,
            (n, x) -> n.sum(List.of(n.conv("a/w", x, 3, 3, 1, 1), x, n.zeros(x, 1)), x, 1)),
        c("ReLU", b, (n, x) -> n.relu(x)),
        c("classifier (global pool + linear) 3->5", b, (n, x) -> Blocks.classifier(n, "head", x, 5)),
        c("slimmable conv 3x3, 3->4 of a 6->8 weight", b, (n, x) -> n.slicedConv("s/w", x, 4, 6, 8, 3, 1, 1)),
        c("slimmable conv 1x1 stride 2, 3->2 of a 3->5 weight", b, (n, x) -> n.slicedConv("s/w", x, 2, 3, 5, 1, 2, 0)),
        c("bias", b, (n, x) -> n.bias("b", x, 9)),
        c("SiLU", b, (n, x) -> n.silu(x)),
        c("sigmoid", b, (n, x) -> n.sigmoid(x)),
        c("squeeze-and-excitation (pool, linear, SiLU, linear, sigmoid, channel gate)", b,
            (n, x) -> Blocks.squeezeExcite(n, "se", x, 2)),
        c("self-attention, 2 heads of 2 over 4x4 tokens", b, (n, x) -> n.selfAttention(x, 2, 2), 2, 12, 4, 4),
        c("self-attention, 1 head of 4 over 3x3 tokens", b, (n, x) -> n.selfAttention(x, 1, 4), 2, 12, 3, 3),
        c("1-d batch norm affine over [N, F] (pool, BN, linear), BATCH", b,
            (n, x) -> n.linear("fc", n.batchNorm("bn1d", n.globalAvgPool(x), true), 3), 4, 3, 4, 4),
        c("1-d batch norm non-affine, TRAIN", BatchNormMode.TRAIN,
            (n, x) -> n.linear("fc", n.batchNorm("bn1d", n.globalAvgPool(x), false), 3), 4, 3, 4, 4),
        c("1-d batch norm affine, RUNNING", BatchNormMode.RUNNING,
            (n, x) -> n.linear("fc", n.batchNorm("bn1d", n.globalAvgPool(x), true), 3), 4, 3, 4, 4),
        c("mixed edge: none, skip, reluConvBn (weight folded into BN), avg pool; TRAIN", BatchNormMode.TRAIN,
            LayerCases::mixedEdge),
        c("mixed edge, RUNNING", BatchNormMode.RUNNING, LayerCases::mixedEdge),
        c("sibling convolutions of one ReLU, back-propagated fused: 3x3 to 2 and 3, 1x1 to 2 and 2", b,
            LayerCases::siblings),
        c("stem: 3x3 convolution of the network input (weight gradient only), beside pre", b,
            (n, x) -> n.sum(List.of(x, n.conv("s/w", n.input(), x.channels(), 3, 1, 1)), x, 1)),
        c("stem with stride 2", b,
            (n, x) -> n.concat(List.of(n.conv("s/w", n.input(), 2, 3, 2, 1), n.conv("u/w", x, 2, 1, 2, 0)))),
        c("sibling convolutions 3x3 stride 2, fused", b, (n, x) -> {
          Node h = n.relu(x);
          return n.concat(List.of(n.conv("a/w", h, 2, 3, 2, 1), n.conv("b/w", h, 3, 3, 2, 1)));
        }));
  }

  /** Two groups of sibling convolutions (by kernel) reading one ReLU, each member feeding its own batch norm. */
  private static Node siblings(NetworkBuilder n, Node x) {
    Node h = n.relu(x);
    return n.concat(List.of(n.batchNorm("a/bn", n.conv("a/w", h, 2, 3, 1, 1), false), n.conv("b/w", h, 3, 3, 1, 1),
        n.conv("c/w", h, 2, 1, 1, 0), n.batchNorm("d/bn", n.conv("d/w", h, 2, 1, 1, 0), true)));
  }

  private static Node mixedEdge(NetworkBuilder n, Node x) {
    Node conv = Blocks.reluConvBn(n, "e/conv", x, x.channels(), 3, 1, 1, false);
    Node pool = Blocks.avgPool3(n, x, 1);
    return n.mix(GROUP, 0, new int[] {0, 1, 2, 3}, Map.of(1, x, 2, conv, 3, pool));
  }
}
