package org.sparknas.spaces.darts;

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
  public SDVariable buildNetwork(GraphBuilder g, SDVariable input, Encoding encoding) {
    long stem = (long) STEM_MULTIPLIER * channels;
    SDVariable s = Layers.conv(g, "stem", input, inputShape[0], stem, 3, stemStride, 1);
    s = BatchNorm.apply(g, "stem/bn", s, stem, true);
    SDVariable s0 = s;
    SDVariable s1 = s;
    long cPrevPrev = stem;
    long cPrev = stem;
    long c = channels;
    boolean reductionPrev = false;
    for (int i = 0; i < cells; i++) {
      boolean reduction = isReduction(i);
      if (reduction) {
        c *= 2;
      }
      String name = "cell" + i;
      SDVariable p0 = reductionPrev
          ? Layers.factorizedReduce(g, name + "/pre0", s0, cPrevPrev, c, true, false)
          : Layers.reluConvBn(g, name + "/pre0", s0, cPrevPrev, c, 1, 1, 0, false);
      SDVariable p1 = Layers.reluConvBn(g, name + "/pre1", s1, cPrev, c, 1, 1, 0, false);
      SDVariable out = cell(g, name, p0, p1, c, reduction, encoding);
      s0 = s1;
      s1 = out;
      cPrevPrev = cPrev;
      cPrev = STEPS * c;
      reductionPrev = reduction;
    }
    return Layers.classifier(g, "head/fc", s1, cPrev, classes);
  }

  private SDVariable cell(GraphBuilder g, String name, SDVariable s0, SDVariable s1, long c, boolean reduction,
      Encoding enc) {
    AlphaGroup group = reduction ? REDUCE : NORMAL;
    MixedEdge.EdgeWeights weights = g.edgeWeights(group);
    List<String> ops = opNames();
    List<SDVariable> states = new ArrayList<>(List.of(s0, s1));
    for (int node = 0; node < STEPS; node++) {
      List<SDVariable> incoming = new ArrayList<>();
      for (int from = 0; from < node + 2; from++) {
        int edge = DartsOps.edgeIndex(node, from);
        int stride = reduction && from < 2 ? 2 : 1;
        int[] allowed = enc.allowedOps(group.name(), edge);
        List<SDVariable> outs = new ArrayList<>();
        for (int op : allowed) {
          String opName = ops.get(op);
          SDVariable out = op(g, name + "/edge" + edge + "/" + opName, states.get(from), c, stride, opName,
              MixedEdge.opWeight(weights, edge, allowed, op));
          if (out != null) {
            outs.add(out);
          }
        }
        incoming.add(outs.isEmpty() ? null : MixedEdge.sum(outs));
      }
      // a node fed only by `none` is zero, at the reduced size in a reduction cell
      states.add(MixedEdge.sumNode(g.sd(), incoming, () -> Layers.zeros(g, s1, reduction ? 2 : 1)));
    }
    return g.sd().concat(1, states.subList(2, states.size()).toArray(new SDVariable[0]));
  }

  /**
   * Search-network ops, scaled by their mixed-edge weight {@code w} ({@code null}: weight 1): pools are
   * followed by BN(affine=false), every BN in a cell is non-affine, and ops ending in BN fold {@code w}
   * into it.
   */
  private static SDVariable op(GraphBuilder g, String name, SDVariable x, long c, int stride, String op,
      SDVariable w) {
    return switch (op) {
      case "none" -> null;
      case "max_pool_3x3" -> BatchNorm.apply(g, name + "/bn", Layers.maxPool3(g, x, stride), c, false, w);
      case "avg_pool_3x3" -> BatchNorm.apply(g, name + "/bn", Layers.avgPool3(g, x, stride), c, false, w);
      case "skip_connect" -> MixedEdge.scale(stride == 1 ? x : Layers.factorizedReduce(g, name, x, c, c, true, false), w);
      case "sep_conv_3x3" -> Layers.sepConv(g, name, x, c, 3, stride, false, w);
      case "sep_conv_5x5" -> Layers.sepConv(g, name, x, c, 5, stride, false, w);
      case "dil_conv_3x3" -> Layers.dilConv(g, name, x, c, 3, stride, false, w);
      case "dil_conv_5x5" -> Layers.dilConv(g, name, x, c, 5, stride, false, w);
      default -> throw new IllegalStateException("unhandled darts op " + op);
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
