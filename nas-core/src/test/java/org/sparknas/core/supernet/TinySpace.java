package org.sparknas.core.supernet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Blocks;
import org.sparknas.core.network.Network;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;

/**
 * A two-edge chain for nas-core tests: input [2, 4, 4] -> BN ({@code in/bn}, non-affine) -> edge 0 ->
 * edge 1 -> global pool -> linear to 3 classes. Ops: none, skip, ReLU-conv3x3-BN, avg pool 3x3. On the
 * all-skip path the logits are {@code mean_hw(BN(x)) W + b}, easy to compute by hand.
 */
public record TinySpace() implements SearchSpace {
  public static final String GROUP = "edge";
  public static final List<String> OPS = List.of("none", "skip_connect", "conv_3x3", "avg_pool_3x3");
  public static final int SKIP = 1;
  public static final long C = 2;
  private static final AlphaGroup EDGES = new AlphaGroup(GROUP, 2);

  @Override
  public String name() {
    return "tiny";
  }

  @Override
  public List<String> opNames() {
    return OPS;
  }

  @Override
  public List<AlphaGroup> groups() {
    return List.of(EDGES);
  }

  @Override
  public Network network(Encoding encoding) {
    NetworkBuilder b = new NetworkBuilder(inputShape());
    Node x = b.batchNorm("in/bn", b.input(), false);
    for (int e = 0; e < 2; e++) {
      int[] allowed = encoding.allowedOps(GROUP, e);
      Map<Integer, Node> outs = new HashMap<>();
      for (int op : allowed) {
        String name = "edge" + e + "/" + OPS.get(op);
        Node out = switch (op) {
          case 0 -> null;
          case 1 -> x;
          case 2 -> Blocks.reluConvBn(b, name, x, C, 3, 1, 1, false);
          default -> Blocks.avgPool3(b, x, 1);
        };
        if (out != null) {
          outs.put(op, out);
        }
      }
      Node edge = b.mix(GROUP, e, allowed, outs);
      x = edge != null ? edge : b.zeros(x, 1);
    }
    return b.build(Blocks.classifier(b, "head/fc", x, 3));
  }

  /** GM-NAS's shared weights: the op weights of the other edge (the input BN has none, the head is excluded). */
  @Override
  public boolean sharedForSplit(String weightName, String group, int edge) {
    return weightName.startsWith("edge") && !weightName.startsWith("edge" + edge + "/");
  }

  /** Every edge restricted to one op. */
  public static Encoding path(int op0, int op1) {
    boolean[][] rows = new boolean[2][OPS.size()];
    rows[0][op0] = true;
    rows[1][op1] = true;
    return Encoding.of(Map.of(GROUP, rows));
  }

  /** One-hot labels for class indices. */
  public static INDArray oneHot(int... classes) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, classes.length, 3);
    for (int i = 0; i < classes.length; i++) {
      y.putScalar(i, classes[i], 1);
    }
    return y;
  }

  @Override
  public Architecture derive(ArchitectureWeights weights, Encoding encoding) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Architecture parse(String canonical) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Architecture sample(Encoding encoding, RandomGenerator random) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long[] inputShape() {
    return new long[] {C, 4, 4};
  }

  @Override
  public int classes() {
    return 3;
  }
}
