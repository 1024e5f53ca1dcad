package org.sparknas.spaces.darts;

import java.util.List;

import org.sparknas.core.space.InvalidArchitectureException;

/**
 * The DARTS cell: candidate ops in alpha column order and the 14 edges in alpha row order.
 * <pre>{@code
 * List<String> ops = DartsOps.list(false);           // the 7-op GM-NAS variant without none
 * int e = DartsOps.edgeIndex(2, 3);                  // 8: node 2 reads intermediate node 1 (state 3)
 * DartsOps.node(e); DartsOps.input(e);               // 2, 3
 * }</pre>
 * Intermediate node k (k = 0..3, state k+2) reads the states j = 0..k+1: 0 = {@code c_{k-2}},
 * 1 = {@code c_{k-1}}, 2.. = earlier intermediate nodes. Its edges are rows {@code offset(k) + j} with
 * offsets 0, 2, 5, 9.
 */
public final class DartsOps {
  private DartsOps() {}

  /** The 8 ops of the DARTS reference, {@code none} first. */
  public static final List<String> WITH_NONE = List.of("none", "max_pool_3x3", "avg_pool_3x3", "skip_connect",
      "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5");

  /** The 7 ops without {@code none} (GM-NAS DARTS space, {@code enc[14][7]}). */
  public static final List<String> WITHOUT_NONE = WITH_NONE.subList(1, WITH_NONE.size());

  /** The zero op; it never appears in a genotype. */
  public static final String NONE = "none";

  /** Alpha group of the normal cells. */
  public static final String NORMAL = "normal";

  /** Alpha group of the reduction cells. */
  public static final String REDUCE = "reduce";

  /** Alpha groups in order. */
  public static final List<String> GROUPS = List.of(NORMAL, REDUCE);

  /** Intermediate nodes per cell. */
  public static final int NODES = 4;

  /** Edges per cell (alpha rows): 2 + 3 + 4 + 5. */
  public static final int EDGES = 14;

  /** The op list with or without {@code none}. */
  public static List<String> list(boolean withNone) {
    return withNone ? WITH_NONE : WITHOUT_NONE;
  }

  /** Column of an op in an op list; the error lists the valid names. */
  public static int index(List<String> ops, String name) {
    int i = ops.indexOf(name);
    if (i < 0) {
      throw new InvalidArchitectureException("unknown DARTS op '" + name + "', valid ops: " + ops);
    }
    return i;
  }

  /** Number of inputs of intermediate node k: k + 2. */
  public static int inputs(int node) {
    return checkNode(node) + 2;
  }

  /** First row of node k's edges: 0, 2, 5, 9. */
  public static int offset(int node) {
    checkNode(node);
    return node * (node + 3) / 2;
  }

  /** Row of the edge that carries state {@code input} (0..node+1) into intermediate node {@code node} (0..3). */
  public static int edgeIndex(int node, int input) {
    checkNode(node);
    if (input < 0 || input > node + 1) {
      throw new IllegalArgumentException("node " + node + " of a DARTS cell has inputs 0.." + (node + 1)
          + ", got " + input);
    }
    return offset(node) + input;
  }

  /** The intermediate node an edge feeds. */
  public static int node(int edge) {
    checkEdge(edge);
    int k = NODES - 1;
    while (offset(k) > edge) {
      k--;
    }
    return k;
  }

  /** The state an edge reads. */
  public static int input(int edge) {
    return edge - offset(node(edge));
  }

  private static int checkNode(int node) {
    if (node < 0 || node >= NODES) {
      throw new IllegalArgumentException("DARTS intermediate node " + node + " out of range [0, " + NODES + ")");
    }
    return node;
  }

  private static void checkEdge(int edge) {
    if (edge < 0 || edge >= EDGES) {
      throw new IllegalArgumentException("DARTS edge " + edge + " out of range [0, " + EDGES + ")");
    }
  }
}
