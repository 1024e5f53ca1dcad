package org.sparknas.spaces.nb201;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.sparknas.core.nn.BatchNorm;
import org.sparknas.core.nn.GraphBuilder;
import org.sparknas.core.nn.Layers;
import org.sparknas.core.nn.MixedEdge;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.CellEdge;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;

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
  public SDVariable buildNetwork(GraphBuilder g, SDVariable input, Encoding encoding) {
    long c = channels;
    SDVariable x = Layers.conv(g, "stem", input, inputShape[0], c, 3, stemStride, 1);
    x = BatchNorm.apply(g, "stem/bn", x, c, true);
    MixedEdge.EdgeWeights weights = g.edgeWeights(CELL);
    int cell = 0;
    for (int stage = 0; stage < stages; stage++) {
      if (stage > 0) {
        x = resnetBlock(g, "reduce" + stage, x, c, 2 * c);
        c *= 2;
      }
      for (int i = 0; i < cellsPerStage; i++) {
        x = cell(g, "cell" + cell++, x, c, encoding, weights);
      }
    }
    x = BatchNorm.apply(g, "head/bn", x, c, true);
    x = g.sd().nn().relu(x, 0);
    return Layers.classifier(g, "head/fc", x, c, classes);
  }

  /** Node i = sum over j < i of edge(i <- j)(node j); the cell's output is node 3. */
  private SDVariable cell(GraphBuilder g, String name, SDVariable input, long c, Encoding enc,
      MixedEdge.EdgeWeights weights) {
    List<SDVariable> nodes = new ArrayList<>(List.of(input));
    for (int node = 1; node <= 3; node++) {
      List<SDVariable> incoming = new ArrayList<>();
      for (int from = 0; from < node; from++) {
        int edge = node * (node - 1) / 2 + from;
        int[] allowed = enc.allowedOps(GROUP, edge);
        List<SDVariable> outs = new ArrayList<>();
        for (int op : allowed) {
          SDVariable out = op(g, name + "/edge" + edge + "/" + Nb201Ops.NAMES.get(op), nodes.get(from), c, op,
              MixedEdge.opWeight(weights, edge, allowed, op));
          if (out != null) {
            outs.add(out);
          }
        }
        incoming.add(outs.isEmpty() ? null : MixedEdge.sum(outs));
      }
      nodes.add(MixedEdge.sumNode(g.sd(), incoming, () -> Layers.zeros(g, input, 1)));
    }
    return nodes.get(3);
  }

  /**
   * The op's output scaled by its mixed-edge weight {@code w} ({@code null}: weight 1), or {@code null}
   * for {@code none}. Cell BN is affine=false (search setting); the convs fold {@code w} into it.
   */
  private static SDVariable op(GraphBuilder g, String name, SDVariable x, long c, int op, SDVariable w) {
    return switch (Nb201Ops.NAMES.get(op)) {
      case "none" -> null;
      case "skip_connect" -> MixedEdge.scale(x, w);
      case "nor_conv_1x1" -> Layers.reluConvBn(g, name, x, c, c, 1, 1, 0, false, w);
      case "nor_conv_3x3" -> Layers.reluConvBn(g, name, x, c, c, 3, 1, 1, false, w);
      case "avg_pool_3x3" -> MixedEdge.scale(Layers.avgPool3(g, x, 1), w);
      default -> throw new IllegalStateException("unhandled nb201 op " + Nb201Ops.NAMES.get(op));
    };
  }

  /** ResNet basic block with stride 2: ReLUConvBN 3x3 s2, ReLUConvBN 3x3, plus AvgPool 2x2 -> conv 1x1. */
  private static SDVariable resnetBlock(GraphBuilder g, String name, SDVariable x, long cIn, long cOut) {
    SDVariable a = Layers.reluConvBn(g, name + "/conv_a", x, cIn, cOut, 3, 2, 1, true);
    SDVariable b = Layers.reluConvBn(g, name + "/conv_b", a, cOut, cOut, 3, 1, 1, true);
    SDVariable shortcut = Layers.avgPool2(g, x);
    shortcut = Layers.conv(g, name + "/shortcut", shortcut, cIn, cOut, 1, 1, 0);
    return b.add(shortcut);
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
