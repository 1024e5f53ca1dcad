package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Architecture;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * Variables that a graph holds but its loss does not reach get no gradient (and so no update, as a
 * PyTorch parameter whose grad is None), not a crash; the others still get theirs.
 */
class DeadBranchGradientTest {

  private static double maxAbs(INDArray a) {
    return a.dup().reshape(a.length()).castTo(DataType.DOUBLE).amaxNumber().doubleValue();
  }

  @Test
  @DisplayName("NB201 connected path whose nodes 1 and 2 feed nothing: their conv weights get no gradient")
  void nb201DeadBranch() {
    Nb201Space space = new Nb201Space(2, 1, 1, new long[] {1, 8, 8}, 3);
    // 3<-0 skip connects the cell; 3<-1 and 3<-2 are none, so edges 0, 1, 2 are dead
    Encoding path = Nb201Architecture.of("nor_conv_3x3", "nor_conv_3x3", "nor_conv_1x1", "skip_connect", "none",
        "none").encoding();
    assertTrue(space.connected(path));
    SupernetGraph g = Supernet.create(space, 1).graph(path, BatchNormMode.BATCH);
    Map<String, INDArray> grads = g.forwardBackward(GradCheck.uniform(DataType.FLOAT, 1, 2, 1, 8, 8),
        NetCheck.labels(2, 3, 0), g.weightNames()).gradients();
    List<String> dead = List.of("cell0/edge0/nor_conv_3x3/conv/w", "cell0/edge1/nor_conv_3x3/conv/w",
        "cell0/edge2/nor_conv_1x1/conv/w");
    for (String name : dead) {
      assertFalse(g.network().weights().containsKey(name), name + " is not computed at all");
      assertFalse(g.weightNames().contains(name), name + " is not among the weights the loss depends on");
      assertFalse(grads.containsKey(name), name + " gets no gradient");
    }
    assertEquals(g.weightNames(), List.copyOf(grads.keySet()));
    assertTrue(maxAbs(grads.get("stem/w")) > 0, "live weights still get gradients");
  }

  @Test
  @DisplayName("DARTS encoding mixing ops only in reduction cells: the normal alphas get no gradient")
  void dartsGroupWithoutMixedEdges() {
    DartsSpace space = new DartsSpace(2, 3, false, new long[] {1, 8, 8}, 3);
    // ops: max_pool, avg_pool, skip, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5 (cheap ones
    // only): the normal cell has one op per edge, the reduction cells mix pools and skip
    Encoding enc = Encoding.full(space);
    for (int e = 0; e < 14; e++) {
      boolean[] single = new boolean[7];
      single[e % 3] = true;
      enc = enc.withRow("normal", e, single)
          .withRow("reduce", e, new boolean[] {true, true, true, false, false, false, false});
    }
    Supernet net = Supernet.create(space, 2);
    SupernetGraph g = net.graph(enc, BatchNormMode.BATCH);
    Map<String, INDArray> grads = g.forwardBackward(GradCheck.uniform(DataType.FLOAT, 3, 2, 1, 8, 8),
        NetCheck.labels(2, 3, 1), g.alphaNames()).gradients();
    assertEquals(List.of("alpha_reduce"), List.copyOf(grads.keySet()));
    assertTrue(maxAbs(grads.get("alpha_reduce")) > 0, "mixed group's alphas get gradients");
  }
}
