package org.sparknas.spaces.darts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.sparknas.core.model.DropPath;
import org.sparknas.core.model.ModelBlocks;
import org.sparknas.core.model.ModelBuilder;
import org.sparknas.core.model.ModelBuilder.Tensor;
import org.sparknas.core.model.ModelFactory;
import org.sparknas.core.model.ModelOptions;
import org.sparknas.core.space.Architecture;

/**
 * A DARTS genotype as a DL4J graph in the space's macro skeleton (specs/algorithms.md §0.1): stem conv
 * 3x3 to {@code 3C} and BN, {@code cells} cells with reductions at {@code cells/3} and
 * {@code 2 cells/3}, global pooling and the classifier. Each cell preprocesses its two inputs
 * (FactorizedReduce after a reduction cell, else ReLUConvBN 1x1), computes node k as the sum of genes
 * 2k and 2k+1 applied to their input states, and concatenates the states of its concat list. The
 * evaluation network ({@link ModelOptions#evaluation}) adds the auxiliary head on the output of cell
 * {@code 2 cells/3} and drop-path on every op that is not an identity; the search-network variant
 * ({@link ModelOptions#SEARCH_PATH}) has non-affine batch norm in cells and after pools, as the engine's
 * single path does.
 */
public record DartsModel(DartsSpace space) implements ModelFactory {
  /** Channels of the auxiliary head's two convolutions (the DARTS reference's CIFAR head). */
  static final long AUX_HIDDEN = 128;
  static final long AUX_FEATURES = 768;

  @Override
  public ComputationGraphConfiguration configuration(Architecture architecture, ModelOptions options,
      NeuralNetConfiguration.Builder base) {
    if (!(architecture instanceof DartsGenotype genotype)) {
      throw new IllegalArgumentException("not a DARTS genotype: " + architecture.canonical());
    }
    DropPath drop = options.dropPath() > 0 ? new DropPath(options.dropPath(), options.epochs()) : null;
    ModelBuilder b = new ModelBuilder(base, space.inputShape());
    long stem = (long) DartsSpace.STEM_MULTIPLIER * space.channels();
    Tensor s = b.batchNorm("stem/bn", b.conv("stem/w", b.input(), stem, 3, space.stemStride(), 1), true);
    Tensor s0 = s;
    Tensor s1 = s;
    Tensor auxInput = null;
    long c = space.channels();
    boolean reductionPrev = false;
    for (int i = 0; i < space.cells(); i++) {
      boolean reduction = space.isReduction(i);
      if (reduction) {
        c *= 2;
      }
      String name = "cell" + i;
      boolean affine = options.affineCells();
      String group = reduction ? DartsOps.REDUCE : DartsOps.NORMAL;
      boolean[] needed = neededStates(genotype, group);
      // an input no gene reads gets no preprocessing (DL4J refuses unused layers, the engine prunes them)
      Tensor p0 = !needed[0] ? null : reductionPrev ? ModelBlocks.factorizedReduce(b, name + "/pre0", s0, c, affine)
          : ModelBlocks.reluConvBn(b, name + "/pre0", s0, c, 1, 1, 0, affine);
      Tensor p1 = !needed[1] ? null : ModelBlocks.reluConvBn(b, name + "/pre1", s1, c, 1, 1, 0, affine);
      Tensor out = cell(b, name, p0, p1, reduction, genotype, group, needed, options, drop);
      s0 = s1;
      s1 = out;
      reductionPrev = reduction;
      if (i == 2 * space.cells() / 3) {
        auxInput = out;
      }
    }
    Tensor logits = ModelBlocks.classifier(b, "head/fc", s1, space.classes(), 1);
    if (!options.auxiliary()) {
      return b.build(logits);
    }
    return b.build(logits, auxiliaryHead(b, auxInput, space.classes(), options.auxiliaryWeight()));
  }

  /** The states (inputs 0, 1 and nodes 2..5) the cell's output depends on. */
  private static boolean[] neededStates(DartsGenotype g, String group) {
    List<DartsGenotype.Gene> genes = g.genes(group);
    boolean[] needed = new boolean[DartsOps.NODES + 2];
    g.concat(group).forEach(k -> needed[k] = true);
    for (int k = needed.length - 1; k >= 2; k--) { // a node reads only earlier states
      if (needed[k]) {
        needed[genes.get(2 * (k - 2)).input()] = true;
        needed[genes.get(2 * (k - 2) + 1).input()] = true;
      }
    }
    return needed;
  }

  private static Tensor cell(ModelBuilder b, String name, Tensor s0, Tensor s1, boolean reduction, DartsGenotype g,
      String group, boolean[] needed, ModelOptions options, DropPath drop) {
    List<DartsGenotype.Gene> genes = g.genes(group);
    List<Integer> concat = g.concat(group);
    List<Tensor> state = new ArrayList<>(Arrays.asList(s0, s1));
    for (int node = 0; node < DartsOps.NODES; node++) {
      if (!needed[node + 2]) {
        state.add(null);
        continue;
      }
      List<Tensor> incoming = new ArrayList<>();
      for (DartsGenotype.Gene gene : genes.subList(2 * node, 2 * node + 2)) {
        int stride = reduction && gene.input() < 2 ? 2 : 1;
        DartsOp op = DartsOp.at(g.ops(), g.ops().indexOf(gene.op()));
        String opName = name + "/edge" + DartsOps.edgeIndex(node, gene.input()) + "/" + op.label();
        Tensor y = op(b, opName, state.get(gene.input()), stride, op, options);
        boolean identity = op == DartsOp.SKIP_CONNECT && stride == 1;
        incoming.add(drop == null || identity ? y : b.dropPath(opName + "/drop", y, drop));
      }
      state.add(b.sum(name + "/node" + node, incoming));
    }
    List<Tensor> outputs = concat.stream().map(state::get).toList();
    return outputs.size() == 1 ? outputs.get(0) : b.concat(name + "/out", outputs);
  }

  private static Tensor op(ModelBuilder b, String name, Tensor x, int stride, DartsOp op, ModelOptions o) {
    boolean affine = o.affineCells();
    return switch (op) {
      case NONE -> throw new IllegalStateException("a genotype has no 'none' gene");
      case MAX_POOL_3X3 -> poolBatchNorm(b, name, ModelBlocks.maxPool3(b, name, x, stride), o);
      case AVG_POOL_3X3 -> poolBatchNorm(b, name, ModelBlocks.avgPool3(b, name, x, stride), o);
      case SKIP_CONNECT -> stride == 1 ? x : ModelBlocks.factorizedReduce(b, name, x, x.channels(), affine);
      case SEP_CONV_3X3 -> ModelBlocks.sepConv(b, name, x, 3, stride, affine);
      case SEP_CONV_5X5 -> ModelBlocks.sepConv(b, name, x, 5, stride, affine);
      case DIL_CONV_3X3 -> ModelBlocks.dilConv(b, name, x, 3, stride, affine);
      case DIL_CONV_5X5 -> ModelBlocks.dilConv(b, name, x, 5, stride, affine);
    };
  }

  /** The search network follows pools with a non-affine batch norm; the evaluation network does not. */
  private static Tensor poolBatchNorm(ModelBuilder b, String name, Tensor pooled, ModelOptions o) {
    return o.poolBatchNorm() ? b.batchNorm(name + "/bn", pooled, false) : pooled;
  }

  /**
   * DARTS's auxiliary classifier: ReLU, average pooling 5x5 stride 3 (real pixels only), conv 1x1 to
   * 128, BN, ReLU, a conv over the whole pooled map to 768 (2x2 on CIFAR's 8x8, where the reference
   * fixes it; 1x1 on 28x28 inputs' 7x7), BN, ReLU, linear. Its loss counts {@code weight} times.
   */
  private static Tensor auxiliaryHead(ModelBuilder b, Tensor x, int classes, double weight) {
    if (x.height() != x.width()) {
      throw new IllegalArgumentException("the auxiliary head needs square activations, got " + x.height() + "x" + x.width());
    }
    int pool = (int) Math.min(5, x.height());
    Tensor h = b.avgPool("aux/pool", b.relu(x), pool, 3, 0);
    h = b.relu(b.batchNorm("aux/bn1", b.conv("aux/conv1/w", h, AUX_HIDDEN, 1, 1, 0), true));
    h = b.relu(b.batchNorm("aux/bn2", b.conv("aux/conv2/w", h, AUX_FEATURES, (int) h.height(), 1, 0), true));
    return ModelBlocks.classifier(b, "aux/fc", h, classes, weight);
  }
}
