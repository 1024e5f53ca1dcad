package org.sparknas.spaces.natssize;

import java.util.List;

import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;
import org.sparknas.core.space.BlockPath;

/**
 * The NATS-size networks (specs/algorithms.md B.2) as network descriptions. Every convolution slices
 * one shared weight of the widest width (slimmable weights); batch norms are per width (switchable
 * batch norm: {@code .../bn_<width>}), as statistics of different widths cannot share one array.
 * <ul>
 * <li>stem: 3x3 convolution to c1, BN;</li>
 * <li>cell (layers 0, 2, 4): NAS-Bench-201's InferCell of {@link NatsSizeLayer#CELL} from {@code in} to
 *     {@code out} channels: every {@code nor_conv_3x3} is ReLU, 3x3 convolution, BN; the edge from node 0
 *     maps {@code in -> out}, and {@code skip_connect~0} is the identity, or a 1x1 convolution and BN when
 *     the widths differ (NAS-Bench-201's stride-1 FactorizedReduce);</li>
 * <li>ResNet block (layers 1, 3): ReLU-conv3x3(stride 2)-BN, ReLU-conv3x3-BN, plus 2x2 average pool and 1x1
 *     convolution on the shortcut;</li>
 * <li>neck adapter of block b: a 1x1 convolution to the adapter width and BN, one per width of the block's
 *     last layer; classifier: BN, ReLU, global pool, linear (per width of c5).</li>
 * </ul>
 */
final class NatsSizeNetworks {
  private NatsSizeNetworks() {}

  static Node backbone(NetworkBuilder b, NatsSizeSettings s, List<BlockPath> paths) {
    int[] widths = widths(s, paths);
    long max = s.maxWidth();
    Node x = b.input();
    x = b.batchNorm("stem/bn_" + widths[0], b.slicedConv("stem/conv/w", x, widths[0], x.channels(), max, 3, 1, 1),
        true);
    int layer = 0;
    for (int blk = 0; blk < paths.size(); blk++) {
      for (int l = 0; l < paths.get(blk).layers(); l++, layer++) {
        String name = "block" + blk + "/layer" + layer;
        x = NatsSizeLayer.isResidual(layer) ? resnetBlock(b, name, x, widths[layer], max)
            : cell(b, name, x, widths[layer], max);
      }
    }
    return x;
  }

  static Node neckInput(NetworkBuilder b, NatsSizeSettings s, int block, BlockPath path, Node out) {
    String name = "block" + block + "/adapter_" + s.widths().get(path.last());
    return b.batchNorm(name + "/bn", b.conv(name + "/conv/w", out, s.adapterWidth(), 1, 1, 0), true);
  }

  static Node classifier(NetworkBuilder b, Node features, long classes) {
    String w = "_" + features.channels();
    Node x = b.relu(b.batchNorm("head/bn" + w, features, true));
    return b.linear("head/fc" + w, b.globalAvgPool(x), classes);
  }

  /** The output width of every macro layer the paths cover. */
  private static int[] widths(NatsSizeSettings s, List<BlockPath> paths) {
    int[] w = new int[paths.stream().mapToInt(BlockPath::layers).sum()];
    int i = 0;
    for (BlockPath p : paths) {
      for (int l = 0; l < p.layers(); l++) {
        w[i++] = s.widths().get(p.op(l));
      }
    }
    return w;
  }

  private static Node cell(NetworkBuilder b, String name, Node x, long out, long max) {
    Node n1 = norConv(b, name + "/e1_0", x, out, 1, max);
    Node n2 = b.sum(List.of(norConv(b, name + "/e2_0", x, out, 1, max), norConv(b, name + "/e2_1", n1, out, 1, max)),
        n1, 1);
    Node skip = x.channels() == out ? x
        : b.batchNorm(name + "/e3_0/bn_" + out, b.slicedConv(name + "/e3_0/conv/w", x, out, max, max, 1, 1, 0), true);
    return b.sum(List.of(skip, norConv(b, name + "/e3_1", n1, out, 1, max), norConv(b, name + "/e3_2", n2, out, 1, max)),
        n1, 1);
  }

  private static Node resnetBlock(NetworkBuilder b, String name, Node x, long out, long max) {
    Node a = norConv(b, name + "/conv_a", x, out, 2, max);
    Node main = norConv(b, name + "/conv_b", a, out, 1, max);
    Node shortcut = b.slicedConv(name + "/shortcut/conv/w", b.avgPool(x, 2, 2, 0), out, max, max, 1, 1, 0);
    return b.sum(List.of(main, shortcut), main, 1);
  }

  /** NAS-Bench-201's {@code nor_conv_3x3}: ReLU, sliced 3x3 convolution, BN of the output width. */
  private static Node norConv(NetworkBuilder b, String name, Node x, long out, int stride, long max) {
    Node y = b.slicedConv(name + "/conv/w", b.relu(x), out, max, max, 3, stride, 1);
    return b.batchNorm(name + "/bn_" + out, y, true);
  }
}
