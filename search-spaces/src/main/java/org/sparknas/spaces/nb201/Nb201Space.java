package org.sparknas.spaces.nb201;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.CellEdge;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.network.Blocks;
import org.sparknas.core.network.Network;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;

/**
 * The NAS-Bench-201 space (specs/algorithms.md §0.2): a stem, {@code stages} stages of
 * {@code cellsPerStage} searchable cells separated by ResNet reduction blocks, then BN, ReLU, global
 * pooling and a linear classifier. One alpha matrix [6 edges x 5 ops] is shared by every cell. The
 * benchmark's own skeleton is 3 stages of 5 cells with C=16; fewer stages and cells fit two cores.
 * <pre>{@code
 * SearchSpace nb201 = new Nb201Space(16, 5, 3, new long[] {1, 28, 28}, 10);
 * }</pre>
 */
public record Nb201Space(int channels, int cellsPerStage, int stages, int stemStride, long[] inputShape,
    int classes) implements SearchSpace {

  public static final String NAME = "nb201";
  private static final String GROUP = "cell";
  private static final AlphaGroup CELL = new AlphaGroup(GROUP, 6);

  /** The benchmark's skeleton: stem stride 1. */
  public Nb201Space(int channels, int cellsPerStage, int stages, long[] inputShape, int classes) {
    this(channels, cellsPerStage, stages, 1, inputShape, classes);
  }

  public Nb201Space {
    if (stemStride < 1 || stemStride > 2) {
      throw new IllegalArgumentException("nb201 stem stride must be 1 or 2, got " + stemStride);
    }
    if (channels < 1 || cellsPerStage < 1 || stages < 1 || stages > 3) {
      throw new IllegalArgumentException("nb201 needs channels >= 1, cells >= 1 and 1..3 stages; got C=" + channels
          + ", cells=" + cellsPerStage + ", stages=" + stages);
    }
    inputShape = inputShape.clone();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> opNames() {
    return Nb201Ops.NAMES;
  }

  @Override
  public List<AlphaGroup> groups() {
    return List.of(CELL);
  }

  @Override
  public Network network(Encoding encoding) {
    NetworkBuilder b = new NetworkBuilder(inputShape);
    long c = channels;
    Node x = b.batchNorm("stem/bn", b.conv("stem/w", b.input(), c, 3, stemStride, 1), true);
    int cell = 0;
    for (int stage = 0; stage < stages; stage++) {
      if (stage > 0) {
        x = resnetBlock(b, "reduce" + stage, x, 2 * c);
        c *= 2;
      }
      for (int i = 0; i < cellsPerStage; i++) {
        x = cell(b, "cell" + cell++, x, encoding);
      }
    }
    x = b.relu(b.batchNorm("head/bn", x, true));
    return b.build(Blocks.classifier(b, "head/fc", x, classes));
  }

  /** Node i = sum over j < i of edge(i <- j)(node j); the cell's output is node 3. */
  private static Node cell(NetworkBuilder b, String name, Node input, Encoding enc) {
    List<Node> nodes = new ArrayList<>(List.of(input));
    for (int node = 1; node <= 3; node++) {
      List<Node> incoming = new ArrayList<>();
      for (int from = 0; from < node; from++) {
        int edge = Nb201Ops.edge(node, from);
        int[] allowed = enc.allowedOps(GROUP, edge);
        Map<Integer, Node> outs = new HashMap<>();
        for (int op : allowed) {
          Node out = op(b, name + "/edge" + edge + "/" + Nb201Ops.NAMES.get(op), nodes.get(from), op);
          if (out != null) {
            outs.put(op, out);
          }
        }
        incoming.add(b.mix(GROUP, edge, allowed, outs));
      }
      nodes.add(b.sum(incoming, input, 1));
    }
    return nodes.get(3);
  }

  /** The op's output, or {@code null} for {@code none}. Cell BN is affine=false (search setting). */
  private static Node op(NetworkBuilder b, String name, Node x, int op) {
    return switch (op) {
      case Nb201Ops.NONE -> null;
      case Nb201Ops.SKIP -> x;
      case Nb201Ops.CONV_1X1 -> Blocks.reluConvBn(b, name, x, x.channels(), 1, 1, 0, false);
      case Nb201Ops.CONV_3X3 -> Blocks.reluConvBn(b, name, x, x.channels(), 3, 1, 1, false);
      case Nb201Ops.AVG_POOL_3X3 -> Blocks.avgPool3(b, x, 1);
      default -> throw new IllegalStateException("unhandled nb201 op " + Nb201Ops.NAMES.get(op));
    };
  }

  /** ResNet basic block with stride 2: ReLUConvBN 3x3 s2, ReLUConvBN 3x3, plus AvgPool 2x2 -> conv 1x1. */
  private static Node resnetBlock(NetworkBuilder b, String name, Node x, long out) {
    Node a = Blocks.reluConvBn(b, name + "/conv_a", x, out, 3, 2, 1, true);
    Node c = Blocks.reluConvBn(b, name + "/conv_b", a, out, 3, 1, 1, true);
    Node shortcut = b.conv(name + "/shortcut/w", b.avgPool(x, 2, 2, 0), out, 1, 1, 0);
    return b.sum(List.of(c, shortcut), x, 2);
  }

  /**
   * GM-NAS's shared weights for NB201 (specs/algorithms.md A.3): every op weight of every cell except
   * those of the split edge (in all cells, which share one alpha), plus the ResNet reduction blocks;
   * not the stem, the last BN or the classifier.
   */
  @Override
  public boolean sharedForSplit(String weightName, String group, int edge) {
    CellEdge at = CellEdge.of(weightName);
    return at != null ? at.edge() != edge : weightName.startsWith("reduce");
  }

  @Override
  public Architecture derive(ArchitectureWeights weights, Encoding encoding) {
    return Nb201Architecture.derive(weights, encoding);
  }

  @Override
  public Architecture parse(String canonical) {
    return Nb201Architecture.parse(canonical);
  }

  @Override
  public Architecture sample(Encoding encoding, RandomGenerator random) {
    return Nb201Architecture.sample(encoding, random);
  }

  @Override
  public boolean connected(Encoding path) {
    return Nb201Architecture.fromPath(path).isConnected();
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }
}
