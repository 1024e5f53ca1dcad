package org.sparknas.spaces.nb201;

import java.util.ArrayList;
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
 * A NAS-Bench-201 architecture as a DL4J graph in the space's macro skeleton (specs/algorithms.md
 * §0.2): stem conv 3x3 and BN, {@code stages} stages of {@code cellsPerStage} copies of the cell with a
 * ResNet reduction block between stages, BN, ReLU, global pooling and the classifier. Cell ops have
 * affine batch norm in the evaluation network (the benchmark's training) and none in the search
 * network; {@code none} edges are absent, a node that no op feeds is zero, and nodes the output does
 * not depend on are left out.
 */
public record Nb201Model(Nb201Space space) implements ModelFactory {

  @Override
  public ComputationGraphConfiguration configuration(Architecture architecture, ModelOptions options,
      NeuralNetConfiguration.Builder base) {
    if (!(architecture instanceof Nb201Architecture arch)) {
      throw new IllegalArgumentException("not a NAS-Bench-201 architecture: " + architecture.canonical());
    }
    if (options.auxiliary()) {
      throw new IllegalArgumentException("the NAS-Bench-201 network has no auxiliary head");
    }
    DropPath drop = options.dropPath() > 0 ? new DropPath(options.dropPath(), options.epochs()) : null;
    ModelBuilder b = new ModelBuilder(base, space.inputShape());
    long c = space.channels();
    Tensor x = b.batchNorm("stem/bn", b.conv("stem/w", b.input(), c, 3, space.stemStride(), 1), true);
    int cell = 0;
    for (int stage = 0; stage < space.stages(); stage++) {
      if (stage > 0) {
        x = resnetBlock(b, "reduce" + stage, x, 2 * c);
        c *= 2;
      }
      for (int i = 0; i < space.cellsPerStage(); i++) {
        x = cell(b, "cell" + cell++, x, arch, options.affineCells(), drop);
      }
    }
    x = b.relu(b.batchNorm("head/bn", x, true));
    return b.build(ModelBlocks.classifier(b, "head/fc", x, space.classes(), 1));
  }

  /** Node i = sum of its non-{@code none} incoming edges (zero when there are none); the output is node 3. */
  private static Tensor cell(ModelBuilder b, String name, Tensor input, Nb201Architecture arch, boolean affine,
      DropPath drop) {
    boolean[] needed = new boolean[Nb201Ops.NODES];
    needed[Nb201Ops.NODES - 1] = true;
    for (int e = Nb201Ops.EDGES - 1; e >= 0; e--) { // edges are ordered by target: a target is settled first
      if (arch.op(e) != Nb201Ops.NONE && needed[Nb201Ops.target(e)]) {
        needed[Nb201Ops.source(e)] = true;
      }
    }
    Tensor[] nodes = new Tensor[Nb201Ops.NODES];
    nodes[0] = input;
    for (int node = 1; node < Nb201Ops.NODES; node++) {
      if (!needed[node]) {
        continue;
      }
      List<Tensor> incoming = new ArrayList<>();
      for (int from = 0; from < node; from++) {
        int edge = Nb201Ops.edge(node, from);
        if (arch.op(edge) != Nb201Ops.NONE) {
          incoming.add(op(b, name + "/edge" + edge + "/" + arch.opName(edge), nodes[from], arch.op(edge), affine, drop));
        }
      }
      nodes[node] = incoming.isEmpty() ? b.zeros(name + "/node" + node, input, 1)
          : b.sum(name + "/node" + node, incoming);
    }
    return nodes[Nb201Ops.NODES - 1];
  }

  private static Tensor op(ModelBuilder b, String name, Tensor x, int op, boolean affine, DropPath drop) {
    Tensor y = switch (op) {
      case Nb201Ops.SKIP -> x;
      case Nb201Ops.CONV_1X1 -> ModelBlocks.reluConvBn(b, name, x, x.channels(), 1, 1, 0, affine);
      case Nb201Ops.CONV_3X3 -> ModelBlocks.reluConvBn(b, name, x, x.channels(), 3, 1, 1, affine);
      case Nb201Ops.AVG_POOL_3X3 -> ModelBlocks.avgPool3(b, name, x, 1);
      default -> throw new IllegalStateException("unhandled nb201 op " + Nb201Ops.name(op));
    };
    return drop == null || op == Nb201Ops.SKIP ? y : b.dropPath(name + "/drop", y, drop);
  }

  /** ResNet basic block with stride 2: ReLUConvBN 3x3 s2, ReLUConvBN 3x3, plus AvgPool 2x2 -> conv 1x1. */
  private static Tensor resnetBlock(ModelBuilder b, String name, Tensor x, long out) {
    Tensor a = ModelBlocks.reluConvBn(b, name + "/conv_a", x, out, 3, 2, 1, true);
    Tensor c = ModelBlocks.reluConvBn(b, name + "/conv_b", a, out, 3, 1, 1, true);
    Tensor shortcut = b.conv(name + "/shortcut/w", b.avgPool(name + "/shortcut/pool", x, 2, 2, 0), out, 1, 1, 0);
    return b.sum(name + "/out", List.of(c, shortcut));
  }
}
