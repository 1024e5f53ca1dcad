package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.spaces.darts.DartsGenotype;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Architecture;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * Graphs are built only for the ops an encoding allows, single paths carry no alphas, and every graph
 * of a supernet is bound to the same parameter arrays.
 */
class MaskedGraphTest {
  private static final Nb201Space NB201 = new Nb201Space(2, 1, 1, new long[] {1, 8, 8}, 3);
  private static final DartsSpace DARTS = new DartsSpace(2, 1, true, new long[] {1, 8, 8}, 3);

  private static Set<String> variableNames(SupernetGraph g) {
    Set<String> names = new java.util.TreeSet<>(g.network().weights().keySet());
    names.addAll(g.alphaNames());
    return names;
  }

  private static boolean anyContains(Set<String> names, String part) {
    return names.stream().anyMatch(n -> n.contains(part));
  }

  private static boolean[] row(int ops, int... allowed) {
    boolean[] r = new boolean[ops];
    for (int o : allowed) {
      r[o] = true;
    }
    return r;
  }

  @Test
  @DisplayName("NB201: a masked edge has variables for its allowed ops only")
  void nb201MaskedOpsAreNotBuilt() {
    // ops: 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3
    Encoding enc = Encoding.full(NB201).withRow("cell", 2, row(5, 1, 4)).withRow("cell", 4, row(5, 0, 2));
    Supernet net = Supernet.create(NB201, 1);
    SupernetGraph g = net.graph(enc, BatchNormMode.BATCH);
    Set<String> vars = variableNames(g);
    for (String masked : List.of("edge2/nor_conv_1x1", "edge2/nor_conv_3x3", "edge4/nor_conv_3x3")) {
      assertFalse(anyContains(vars, masked), masked + " was built: " + vars);
      assertFalse(g.weightNames().stream().anyMatch(n -> n.contains(masked)), masked + " in weightNames");
    }
    assertTrue(g.weightNames().stream().anyMatch(n -> n.contains("edge4/nor_conv_1x1/")), "allowed op missing");
    assertTrue(g.weightNames().stream().anyMatch(n -> n.contains("edge3/nor_conv_3x3/")), "unmasked edge missing");
    assertEquals(List.of("alpha_cell"), g.alphaNames());
  }

  @Test
  @DisplayName("DARTS: a masked edge has variables for its allowed ops only; an edge left with none is not built")
  void dartsMaskedOpsAreNotBuilt() {
    // ops: 0 none, 1 max_pool, 2 avg_pool, 3 skip, 4 sep_conv_3x3, 5 sep_conv_5x5, 6 dil_conv_3x3, 7 dil_conv_5x5
    Encoding enc = Encoding.full(DARTS)
        .withRow("reduce", 0, row(8, 1, 4))        // stride-2 edge: max_pool + sep_conv_3x3
        .withRow("reduce", 5, row(8, 0, 3, 7))     // intermediate edge: none, skip, dil_conv_5x5
        .withRow("reduce", 9, row(8, 0));          // only none
    Supernet net = Supernet.create(DARTS, 2);
    SupernetGraph g = net.graph(enc, BatchNormMode.BATCH);
    Set<String> vars = variableNames(g);
    for (String masked : List.of("edge0/sep_conv_5x5", "edge0/dil_conv", "edge0/skip_connect", "edge5/sep_conv",
        "edge5/dil_conv_3x3", "edge9/")) {
      assertFalse(anyContains(vars, masked), masked + " was built");
    }
    assertTrue(anyContains(Set.copyOf(g.weightNames()), "edge0/sep_conv_3x3/"));
    assertTrue(anyContains(Set.copyOf(g.weightNames()), "edge5/dil_conv_5x5/"));
    assertTrue(anyContains(Set.copyOf(g.weightNames()), "edge1/skip_connect/"), "FactorizedReduce skip on edge 1");
    // the supernet's full graph has more weights than the masked one, a superset of them
    SupernetGraph full = net.graph(Encoding.full(DARTS), BatchNormMode.BATCH);
    assertTrue(full.weightNames().containsAll(g.weightNames()));
    assertTrue(full.weightNames().size() > g.weightNames().size());
  }

  @Test
  @DisplayName("single-path graphs of both spaces have no alpha variables")
  void singlePathsHaveNoAlphas() {
    Encoding nbPath = Nb201Architecture.of("nor_conv_3x3", "none", "avg_pool_3x3", "skip_connect", "nor_conv_1x1",
        "nor_conv_3x3").encoding();
    Encoding dartsPath = DartsGenotype.DARTS_V2.withOps(DARTS.opNames()).encoding();
    for (Object[] c : new Object[][] {{NB201, nbPath}, {DARTS, dartsPath}}) {
      Supernet net = Supernet.create((org.sparknas.core.space.SearchSpace) c[0], 3);
      SupernetGraph g = net.graph((Encoding) c[1], BatchNormMode.BATCH);
      assertEquals(List.of(), g.alphaNames());
      assertFalse(anyContains(variableNames(g), "alpha_"), "an alpha variable in a single-path graph");
      assertFalse(g.weightNames().isEmpty());
    }
  }

  @Test
  @DisplayName("graphs of one supernet share parameter arrays: an in-place change reaches every graph")
  void graphsShareParameterArrays() {
    Supernet net = Supernet.create(NB201, 4);
    Encoding path = Nb201Architecture.of("nor_conv_3x3", "skip_connect", "avg_pool_3x3", "nor_conv_1x1",
        "nor_conv_3x3", "skip_connect").encoding();
    SupernetGraph full = net.graph(Encoding.full(NB201), BatchNormMode.BATCH);
    SupernetGraph single = net.graph(path, BatchNormMode.BATCH);
    String shared = "cell0/edge0/nor_conv_3x3/conv/w";
    INDArray array = net.parameters().weights().get(shared);

    INDArray x = GradCheck.uniform(DataType.FLOAT, 5, 4, 1, 8, 8);
    INDArray y = NetCheck.labels(4, 3, 0);
    double fullBefore = full.forwardBackward(x, y, List.of()).loss();
    double singleBefore = single.forwardBackward(x, y, List.of()).loss();
    array.muli(-3); // in place, through the parameter set
    double fullAfter = full.forwardBackward(x, y, List.of()).loss();
    double singleAfter = single.forwardBackward(x, y, List.of()).loss();
    assertNotEquals(fullBefore, fullAfter, 1e-6);
    assertNotEquals(singleBefore, singleAfter, 1e-6);
    // and equals what a freshly built graph computes from the changed arrays
    double fresh = new Supernet(NB201, net.parameters()).graph(path, BatchNormMode.BATCH)
        .forwardBackward(x, y, List.of()).loss();
    assertEquals(fresh, singleAfter, 1e-6);
    // the alphas reach the mixed graph only
    net.parameters().alphas().get("alpha_cell").assign(GradCheck.uniform(DataType.FLOAT, 6, 6, 5).muli(3));
    assertNotEquals(fullAfter, full.forwardBackward(x, y, List.of()).loss(), 1e-6);
    assertEquals(singleAfter, single.forwardBackward(x, y, List.of()).loss(), 0);
  }
}
