package org.sparknas.spaces.darts;

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
 * The DARTS search network (specs/algorithms.md §0.1): stem conv 3x3 to {@code 3C}, {@code cells}
 * cells with reductions at {@code cells/3} and {@code 2*cells/3} (channels doubled there), each cell
 * with 4 intermediate nodes over 14 mixed edges and a concatenated output, then global pooling and a
 * linear classifier. Normal and reduction cells each share one alpha matrix [14 x ops]. The op set is
 * DARTS's 8 ops, or the 7 without {@code none} (GM-NAS's DARTS-space setting). A stem stride of 2
 * quarters every activation (28x28 inputs: cells from 14x14), for small machines. FactorizedReduce
 * pads right and bottom before its one-pixel shift (the NAS-Bench-201 variant): on even sizes that is
 * exactly DARTS's unpadded op, and on odd sizes (7x7 after a strided stem) both branches stay aligned.
 * <pre>{@code
 * SearchSpace darts = new DartsSpace(16, 8, true, new long[] {3, 32, 32}, 10);
 * }</pre>
 */
public record DartsSpace(int channels, int cells, boolean withNone, int stemStride, long[] inputShape, int classes)
    implements SearchSpace {

  public static final String NAME = "darts";
  static final int STEPS = 4;
  static final int STEM_MULTIPLIER = 3;
  private static final AlphaGroup NORMAL = new AlphaGroup("normal", 14);
  private static final AlphaGroup REDUCE = new AlphaGroup("reduce", 14);

  public DartsSpace {
    if (channels < 1 || cells < 1 || stemStride < 1 || stemStride > 2) {
      throw new IllegalArgumentException("darts needs channels >= 1, cells >= 1 and stem stride 1 or 2; got C="
          + channels + ", cells=" + cells + ", stem stride " + stemStride);
    }
    inputShape = inputShape.clone();
  }

  /** The search network of the DARTS paper: stem stride 1. */
  public DartsSpace(int channels, int cells, boolean withNone, long[] inputShape, int classes) {
    this(channels, cells, withNone, 1, inputShape, classes);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> opNames() {
    return DartsOps.list(withNone);
  }

  @Override
  public List<AlphaGroup> groups() {
    return List.of(NORMAL, REDUCE);
  }

  /** Whether cell i is a reduction cell. */
  public boolean isReduction(int i) {
    return i == cells / 3 || i == 2 * cells / 3;
  }

  @Override
  public Network network(Encoding encoding) {
    NetworkBuilder b = new NetworkBuilder(inputShape);
    long stem = (long) STEM_MULTIPLIER * channels;
    Node s = b.batchNorm("stem/bn", b.conv("stem/w", b.input(), stem, 3, stemStride, 1), true);
    Node s0 = s;
    Node s1 = s;
    long c = channels;
    boolean reductionPrev = false;
    for (int i = 0; i < cells; i++) {
      boolean reduction = isReduction(i);
      if (reduction) {
        c *= 2;
      }
      String name = "cell" + i;
      Node p0 = reductionPrev
          ? Blocks.factorizedReduce(b, name + "/pre0", s0, c, false)
          : Blocks.reluConvBn(b, name + "/pre0", s0, c, 1, 1, 0, false);
      Node p1 = Blocks.reluConvBn(b, name + "/pre1", s1, c, 1, 1, 0, false);
      Node out = cell(b, name, p0, p1, reduction, encoding);
      s0 = s1;
      s1 = out;
      reductionPrev = reduction;
    }
    return b.build(Blocks.classifier(b, "head/fc", s1, classes));
  }

  private Node cell(NetworkBuilder b, String name, Node s0, Node s1, boolean reduction, Encoding enc) {
    String group = (reduction ? REDUCE : NORMAL).name();
    List<String> ops = opNames();
    List<Node> states = new ArrayList<>(List.of(s0, s1));
    for (int node = 0; node < STEPS; node++) {
      List<Node> incoming = new ArrayList<>();
      for (int from = 0; from < node + 2; from++) {
        int edge = DartsOps.edgeIndex(node, from);
        int stride = reduction && from < 2 ? 2 : 1;
        int[] allowed = enc.allowedOps(group, edge);
        Map<Integer, Node> outs = new HashMap<>();
        for (int op : allowed) {
          DartsOp kind = DartsOp.at(ops, op);
          Node out = op(b, name + "/edge" + edge + "/" + kind.label(), states.get(from), stride, kind);
          if (out != null) {
            outs.put(op, out);
          }
        }
        incoming.add(b.mix(group, edge, allowed, outs));
      }
      // a node fed only by `none` is zero, at the reduced size in a reduction cell
      states.add(b.sum(incoming, s1, reduction ? 2 : 1));
    }
    return b.concat(states.subList(2, states.size()));
  }

  /** Search-network ops: pools are followed by BN(affine=false), and every BN in a cell is non-affine. */
  private static Node op(NetworkBuilder b, String name, Node x, int stride, DartsOp op) {
    return switch (op) {
      case NONE -> null;
      case MAX_POOL_3X3 -> b.batchNorm(name + "/bn", Blocks.maxPool3(b, x, stride), false);
      case AVG_POOL_3X3 -> b.batchNorm(name + "/bn", Blocks.avgPool3(b, x, stride), false);
      case SKIP_CONNECT -> stride == 1 ? x : Blocks.factorizedReduce(b, name, x, x.channels(), false);
      case SEP_CONV_3X3 -> Blocks.sepConv(b, name, x, 3, stride, false);
      case SEP_CONV_5X5 -> Blocks.sepConv(b, name, x, 5, stride, false);
      case DIL_CONV_3X3 -> Blocks.dilConv(b, name, x, 3, stride, false);
      case DIL_CONV_5X5 -> Blocks.dilConv(b, name, x, 5, stride, false);
    };
  }

  /**
   * GM-NAS's shared weights for the DARTS space (specs/algorithms.md A.3): the mixed-op weights of
   * every edge of every cell, except the split edge in the cells of its type (a normal-cell split
   * keeps all 14 edges of the reduction cells, and vice versa); not the cell preprocessing, the stem or
   * the classifier.
   */
  @Override
  public boolean sharedForSplit(String weightName, String group, int edge) {
    CellEdge at = CellEdge.of(weightName);
    if (at == null) {
      return false;
    }
    String cellGroup = isReduction(at.cell()) ? REDUCE.name() : NORMAL.name();
    return !(cellGroup.equals(group) && at.edge() == edge);
  }

  @Override
  public Architecture derive(ArchitectureWeights weights, Encoding encoding) {
    return DartsGenotype.derive(weights, encoding, opNames());
  }

  @Override
  public Architecture parse(String canonical) {
    return DartsGenotype.parse(canonical, opNames());
  }

  @Override
  public Architecture sample(Encoding encoding, RandomGenerator random) {
    return DartsGenotype.sample(encoding, random, opNames());
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }
}
