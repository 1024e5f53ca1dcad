package org.sparknas.spaces.mbconv;

import java.util.List;

import org.sparknas.core.network.Blocks;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;

/**
 * The MBConv networks (specs/algorithms.md B.2) as network descriptions: stem 3x3 convolution, BN,
 * SiLU and the MB1 3x3 layer (depthwise 3x3, BN, SiLU, squeeze-and-excitation, 1x1 to the stem's output
 * width, BN); then every searched layer's op: 1x1 expansion, BN, SiLU, depthwise k x k (stride), BN,
 * SiLU, squeeze-and-excitation of a quarter of the input width, 1x1 projection, BN; plus the residual
 * (identity, or the down-sampling shortcut of {@link MbconvLayer}: 2x2 average pooling with stride 2 on
 * even sizes, 3x3 with padding 1 on odd ones, where it matches the ceil mode's output size, then 1x1
 * convolution and BN). Ops of a layer are named {@code block<b>/layer<l>/op<o>/}, the shortcut, which
 * all of them share, {@code block<b>/layer<l>/shortcut/}. The neck reads a block's output as it is.
 */
final class MbconvNetworks {
  private MbconvNetworks() {}

  static Node stem(NetworkBuilder b, MbconvSettings s) {
    Node x = b.silu(b.batchNorm("stem/bn", b.conv("stem/conv/w", b.input(), s.stemWidth(), 3, s.stemStride(), 1),
        true));
    Node h = b.silu(b.batchNorm("stem/ds/bn1", b.depthwiseConv("stem/ds/dw/w", x, 3, 1, 1, 1), true));
    h = Blocks.squeezeExcite(b, "stem/ds/se", h, MbconvSettings.makeDivisible(s.stemWidth() * MbconvOp.SE_RATIO, 1));
    return b.batchNorm("stem/ds/bn2", b.conv("stem/ds/pw/w", h, s.stemOutWidth(), 1, 1, 0), true);
  }

  static Node layers(NetworkBuilder b, Node x, List<MbconvLayer> layers) {
    for (MbconvLayer layer : layers) {
      x = layer(b, x, layer);
    }
    return x;
  }

  private static Node layer(NetworkBuilder b, Node x, MbconvLayer l) {
    String name = "block" + l.block() + "/layer" + l.layer();
    String op = name + "/op" + l.op().index();
    int k = l.op().kernel();
    Node h = b.silu(b.batchNorm(op + "/bn1", b.conv(op + "/expand/w", x, l.expandedWidth(), 1, 1, 0), true));
    h = b.silu(b.batchNorm(op + "/bn2", b.depthwiseConv(op + "/dw/w", h, k, l.stride(), k / 2, 1), true));
    h = Blocks.squeezeExcite(b, op + "/se", h, l.seWidth());
    Node main = b.batchNorm(op + "/bn3", b.conv(op + "/project/w", h, l.outWidth(), 1, 1, 0), true);
    Node residual = x;
    if (l.poolsShortcut()) {
      residual = l.inResolution() % 2 == 0 ? b.avgPool(residual, 2, 2, 0) : b.avgPool(residual, 3, 2, 1);
    }
    if (l.projectsShortcut()) {
      residual = b.batchNorm(name + "/shortcut/bn", b.conv(name + "/shortcut/conv/w", residual, l.outWidth(), 1, 1, 0),
          true);
    }
    return b.sum(List.of(main, residual), main, 1);
  }
}
