package org.sparknas.spaces.hytra;

import java.util.List;

import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;

/**
 * The HyTra fabric (specs/algorithms.md B.2) as network descriptions, at the scale of
 * {@link HytraSettings}. Stem: 3x3 convolution, BN, ReLU (stride 2 for stem-stride 2 and 4, then 3x3 max
 * pooling with stride 2 for 4). Every layer runs its op from the level it reads:
 * <ul>
 * <li>shortcut: identity; 1x1 convolution, BN, ReLU when the width changes; 3x3 stride-2 convolution, BN,
 *     ReLU when the layer down-samples;</li>
 * <li>ResConv (bottleneck width w = out/4): 1x1 to w, PEG (depthwise 3x3 with bias, stride 2 when
 *     down-sampling), BN, ReLU, 3x3, BN, ReLU, 1x1 to out, BN;</li>
 * <li>ResAtt: 1x1 to w, PEG, BN, then ReLU, 1x1 to the stacked queries, keys and values (3w), global
 *     multi-head self-attention (w / head-dim heads), BN, ReLU, 1x1 to out, BN;</li>
 * <li>out = ReLU(main + shortcut).</li>
 * </ul>
 * The reference's batch norms that end a residual branch start with scale 0; here every scale starts at
 * 1, and block 0's first layer reads the stem directly (the reference puts a per-resolution adapter in
 * between). Weights are named {@code block<b>/layer<l>/op<o>/} plus {@code down/} for the down-sampling
 * variant. The neck adapter of a block ending at level L > 0: depthwise convolution with kernel = stride =
 * 2^L, 1x1 convolution to the lowest level's width, BN ({@code block<b>/adapter<L>/}).
 */
final class HytraNetworks {
  private HytraNetworks() {}

  static Node stem(NetworkBuilder b, HytraSettings s) {
    int stride = s.stemStride() == 1 ? 1 : 2;
    Node x = b.relu(b.batchNorm("stem/bn", b.conv("stem/conv/w", b.input(), s.stemWidth(), 3, stride, 1), true));
    return s.stemStride() == 4 ? b.maxPool(x, 3, 2, 1) : x;
  }

  static Node layers(NetworkBuilder b, HytraSettings s, Node x, List<HytraLayer> layers) {
    for (HytraLayer layer : layers) {
      x = layer(b, s, x, layer);
    }
    return x;
  }

  static Node neckInput(NetworkBuilder b, HytraSettings s, int block, int level, Node out) {
    if (level == 0) {
      return out;
    }
    String name = "block" + block + "/adapter" + level;
    int k = 1 << level;
    Node h = b.depthwiseConv(name + "/dw/w", out, k, k, 0, 1);
    return b.batchNorm(name + "/bn", b.conv(name + "/conv/w", h, s.neckWidth(), 1, 1, 0), true);
  }

  private static Node layer(NetworkBuilder b, HytraSettings s, Node x, HytraLayer l) {
    String name = "block" + l.block() + "/layer" + l.layer() + "/op" + l.op().index() + (l.downsamples() ? "/down" : "");
    int stride = l.downsamples() ? 2 : 1;
    int width = s.bottleneckWidth(l.op().level());
    Node shortcut = x;
    if (l.downsamples()) {
      shortcut = convBnRelu(b, name + "/shortcut", x, l.outWidth(), 3, 2, 1);
    } else if (l.inWidth() != l.outWidth()) {
      shortcut = convBnRelu(b, name + "/shortcut", x, l.outWidth(), 1, 1, 0);
    }
    Node h = b.conv(name + "/reduce/w", x, width, 1, 1, 0);
    h = b.bias(name + "/peg/b", b.depthwiseConv(name + "/peg/w", h, 3, stride, 1, 1), 9);
    h = b.batchNorm(name + "/bn1", h, true);
    if (l.op().attention()) {
      h = b.conv(name + "/qkv/w", b.relu(h), 3L * width, 1, 1, 0);
      h = b.relu(b.batchNorm(name + "/bn2", b.selfAttention(h, s.heads(l.op().level()), s.headDim()), true));
    } else {
      h = b.relu(h);
      h = b.relu(b.batchNorm(name + "/bn2", b.conv(name + "/conv/w", h, width, 3, 1, 1), true));
    }
    Node main = b.batchNorm(name + "/bn3", b.conv(name + "/expand/w", h, l.outWidth(), 1, 1, 0), true);
    return b.relu(b.sum(List.of(main, shortcut), main, 1));
  }

  private static Node convBnRelu(NetworkBuilder b, String name, Node x, long out, int k, int stride, int pad) {
    return b.relu(b.batchNorm(name + "/bn", b.conv(name + "/conv/w", x, out, k, stride, pad), true));
  }
}
