package org.sparknas.spaces.nb201;

import java.util.List;

import org.sparknas.core.space.InvalidArchitectureException;

/**
 * The NAS-Bench-201 cell: its 5 candidate ops in alpha column order and its 6 edges in alpha row order.
 * <pre>{@code
 * int conv = Nb201Ops.index("nor_conv_3x3");           // 3
 * int e = Nb201Ops.edge(3, 1);                          // 4, the edge 3<-1
 * Nb201Ops.source(e); Nb201Ops.target(e);               // 1, 3
 * }</pre>
 * Node 0 is the cell input, node 3 the cell output; edge {@code i<-j} carries node j into node i. The
 * rows follow the reference's lexicographically sorted edge keys: 0 = {@code 1<-0}, 1 = {@code 2<-0},
 * 2 = {@code 2<-1}, 3 = {@code 3<-0}, 4 = {@code 3<-1}, 5 = {@code 3<-2}.
 */
public final class Nb201Ops {
  private Nb201Ops() {}

  /** Op names in alpha column order. */
  public static final List<String> NAMES =
      List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");

  /** Column of the zero op; NB201 derivation counts it like any other op. */
  public static final int NONE = 0;
  public static final int SKIP = 1;
  public static final int CONV_1X1 = 2;
  public static final int CONV_3X3 = 3;
  public static final int AVG_POOL_3X3 = 4;

  /** The one alpha group: every one of the 15 searchable cells shares it. */
  public static final String GROUP = "cell";

  /** Nodes of a cell, the input node 0 included. */
  public static final int NODES = 4;

  /** Edges of a cell (alpha rows). */
  public static final int EDGES = 6;

  /** Edge keys in alpha row order, as the reference names them ({@code target<-source}). */
  public static final List<String> EDGE_NAMES = List.of("1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2");

  private static final int[] TARGET = {1, 2, 2, 3, 3, 3};
  private static final int[] SOURCE = {0, 0, 1, 0, 1, 2};

  /** Column of an op name; the error lists the valid names. */
  public static int index(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new InvalidArchitectureException("unknown NAS-Bench-201 op '" + name + "', valid ops: " + NAMES);
    }
    return i;
  }

  /** Name of an op column. */
  public static String name(int op) {
    if (op < 0 || op >= NAMES.size()) {
      throw new InvalidArchitectureException("NAS-Bench-201 op index " + op + " out of range [0, "
          + NAMES.size() + ")");
    }
    return NAMES.get(op);
  }

  /** The node an edge feeds (1..3). */
  public static int target(int edge) {
    return TARGET[checkEdge(edge)];
  }

  /** The node an edge reads (0..2). */
  public static int source(int edge) {
    return SOURCE[checkEdge(edge)];
  }

  /** Row of the edge {@code target<-source}, for {@code 0 <= source < target <= 3}. */
  public static int edge(int target, int source) {
    if (target < 1 || target >= NODES || source < 0 || source >= target) {
      throw new IllegalArgumentException("no NAS-Bench-201 edge " + target + "<-" + source
          + ", need 0 <= source < target <= 3");
    }
    return target * (target - 1) / 2 + source;
  }

  private static int checkEdge(int edge) {
    if (edge < 0 || edge >= EDGES) {
      throw new IllegalArgumentException("NAS-Bench-201 edge " + edge + " out of range [0, " + EDGES + ")");
    }
    return edge;
  }
}
