package org.sparknas.spaces.nb201;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * One NAS-Bench-201 cell: the op of each of the 6 edges, as column indices of {@link Nb201Ops#NAMES}
 * in {@link Nb201Ops} edge order. Immutable; equal when the ops are.
 * <pre>{@code
 * Nb201Architecture a = Nb201Architecture.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
 * a.canonical();                           // the same string: the benchmark key
 * Nb201Architecture best = Nb201Architecture.derive(weights, Encoding.full(space));
 * }</pre>
 *
 * @param ops op index per edge, length 6 (copied in and out)
 */
public record Nb201Architecture(int[] ops) implements Architecture {

  /** Number of architectures of the space, 5^6. */
  public static final int COUNT = 15_625;

  public Nb201Architecture {
    if (ops == null || ops.length != Nb201Ops.EDGES) {
      throw new InvalidArchitectureException("a NAS-Bench-201 cell needs " + Nb201Ops.EDGES + " ops, got "
          + (ops == null ? "null" : ops.length));
    }
    ops = ops.clone();
    for (int e = 0; e < ops.length; e++) {
      if (ops[e] < 0 || ops[e] >= Nb201Ops.NAMES.size()) {
        throw new InvalidArchitectureException("edge " + Nb201Ops.EDGE_NAMES.get(e) + ": op index " + ops[e]
            + " out of range [0, " + Nb201Ops.NAMES.size() + ")");
      }
    }
  }

  /** From op names in edge order, e.g. {@code of("nor_conv_3x3", "skip_connect", ...)}. */
  public static Nb201Architecture of(String... opNames) {
    if (opNames.length != Nb201Ops.EDGES) {
      throw new InvalidArchitectureException("a NAS-Bench-201 cell needs " + Nb201Ops.EDGES + " ops, got "
          + opNames.length);
    }
    int[] ops = new int[opNames.length];
    for (int e = 0; e < ops.length; e++) {
      ops[e] = Nb201Ops.index(opNames[e]);
    }
    return new Nb201Architecture(ops);
  }

  /** The op index per edge (a copy). */
  @Override
  public int[] ops() {
    return ops.clone();
  }

  /** The op index of one edge. */
  public int op(int edge) {
    return ops[edge];
  }

  /** The op name of one edge. */
  public String opName(int edge) {
    return Nb201Ops.NAMES.get(ops[edge]);
  }

  /**
   * The benchmark string {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}: group i (i = 1..3) lists the
   * inputs {@code op~j} of node i for j = 0..i-1.
   */
  @Override
  public String canonical() {
    StringBuilder sb = new StringBuilder();
    for (int node = 1; node < Nb201Ops.NODES; node++) {
      if (node > 1) {
        sb.append('+');
      }
      sb.append('|');
      for (int src = 0; src < node; src++) {
        sb.append(opName(Nb201Ops.edge(node, src))).append('~').append(src).append('|');
      }
    }
    return sb.toString();
  }

  /**
   * Parses the benchmark string strictly: no whitespace, exactly 3 groups joined by {@code +}, group k
   * (k = 1..3) holding k entries {@code |op~j|} with j = 0..k-1 in order. The
   * {@link InvalidArchitectureException} names the first problem: the number of groups, a malformed
   * group, the number of entries in a group, a malformed token, an unknown op (listing the valid ones)
   * or a wrong input index.
   */
  public static Nb201Architecture parse(String s) {
    if (s == null) {
      throw new InvalidArchitectureException("NAS-Bench-201 architecture string is null");
    }
    String[] groups = s.split("\\+", -1);
    if (groups.length != Nb201Ops.NODES - 1) {
      throw new InvalidArchitectureException("NAS-Bench-201 string needs " + (Nb201Ops.NODES - 1)
          + " groups joined by '+', got " + groups.length + " in '" + s + "'");
    }
    int[] ops = new int[Nb201Ops.EDGES];
    for (int node = 1; node < Nb201Ops.NODES; node++) {
      String g = groups[node - 1];
      String where = "group " + node + " '" + g + "' of '" + s + "'";
      if (g.length() < 2 || g.charAt(0) != '|' || g.charAt(g.length() - 1) != '|') {
        throw new InvalidArchitectureException("malformed " + where + ": a group must start and end with '|'");
      }
      String[] entries = g.substring(1, g.length() - 1).split("\\|", -1);
      if (entries.length != node) {
        throw new InvalidArchitectureException("wrong number of entries in " + where + ": node " + node
            + " has " + node + " inputs, got " + entries.length);
      }
      for (int src = 0; src < node; src++) {
        String token = entries[src];
        int tilde = token.indexOf('~');
        if (tilde <= 0 || tilde != token.lastIndexOf('~') || tilde == token.length() - 1) {
          throw new InvalidArchitectureException("malformed token '" + token + "' in " + where
              + ": expected op~" + src);
        }
        String op = token.substring(0, tilde);
        String input = token.substring(tilde + 1);
        if (!Nb201Ops.NAMES.contains(op)) {
          throw new InvalidArchitectureException("unknown op '" + op + "' in " + where + ", valid ops: "
              + Nb201Ops.NAMES);
        }
        if (!input.equals(Integer.toString(src))) {
          throw new InvalidArchitectureException("wrong input index in token '" + token + "' of " + where
              + ": expected ~" + src + ", got ~" + input);
        }
        ops[Nb201Ops.edge(node, src)] = Nb201Ops.index(op);
      }
    }
    return new Nb201Architecture(ops);
  }

  /**
   * Group {@code cell}, row e one-hot on the op of edge e. A {@code none} edge keeps its one-hot row
   * on {@code none} (the network builder skips zero ops), so the encoding is a valid single path.
   */
  @Override
  public Encoding encoding() {
    boolean[][] rows = new boolean[Nb201Ops.EDGES][Nb201Ops.NAMES.size()];
    for (int e = 0; e < Nb201Ops.EDGES; e++) {
      rows[e][ops[e]] = true;
    }
    return Encoding.of(Map.of(Nb201Ops.GROUP, rows));
  }

  /**
   * The architecture of a single-path encoding (exactly one allowed op per edge), e.g. a path drawn by
   * {@code PathSampler.samplePath}. Inverse of {@link #encoding()}.
   */
  public static Nb201Architecture fromPath(Encoding path) {
    checkShape(path);
    int[] ops = new int[Nb201Ops.EDGES];
    for (int e = 0; e < Nb201Ops.EDGES; e++) {
      int[] allowed = path.allowedOps(Nb201Ops.GROUP, e);
      if (allowed.length != 1) {
        throw new InvalidArchitectureException("edge " + Nb201Ops.EDGE_NAMES.get(e) + " of the path allows "
            + allowed.length + " ops, a single path needs exactly 1");
      }
      ops[e] = allowed[0];
    }
    return new Nb201Architecture(ops);
  }

  /**
   * NAS-Bench-201 derivation: per edge, the argmax of the softmax of the alphas over the ops the
   * encoding allows, {@code none} included. Ties go to the lowest op index (strict {@code >}).
   *
   * @throws InvalidArchitectureException when the weights or the encoding do not have the 6x5 shape of
   *     group {@code cell}, or an edge allows no op
   */
  public static Nb201Architecture derive(ArchitectureWeights weights, Encoding encoding) {
    checkShape(encoding);
    double[][] logits = weights.group(Nb201Ops.GROUP);
    if (logits.length != Nb201Ops.EDGES) {
      throw new InvalidArchitectureException("NAS-Bench-201 weights need " + Nb201Ops.EDGES + " rows, got "
          + logits.length);
    }
    for (int e = 0; e < logits.length; e++) {
      if (logits[e].length != Nb201Ops.NAMES.size()) {
        throw new InvalidArchitectureException("NAS-Bench-201 weights row " + e + " needs "
            + Nb201Ops.NAMES.size() + " columns, got " + logits[e].length);
      }
    }
    double[][] p = weights.maskedSoftmax(Nb201Ops.GROUP, encoding);
    int[] ops = new int[Nb201Ops.EDGES];
    for (int e = 0; e < Nb201Ops.EDGES; e++) {
      int best = -1;
      for (int o : allowedOrFail(encoding, e)) {
        if (best < 0 || p[e][o] > p[e][best]) {
          best = o;
        }
      }
      ops[e] = best;
    }
    return new Nb201Architecture(ops);
  }

  /**
   * One allowed op per edge, uniformly: one {@code nextInt} per edge in edge order, so a seeded generator
   * reproduces the draw. RSPS redraws until {@link #isConnected()}.
   */
  public static Nb201Architecture sample(Encoding encoding, RandomGenerator random) {
    checkShape(encoding);
    int[] ops = new int[Nb201Ops.EDGES];
    for (int e = 0; e < Nb201Ops.EDGES; e++) {
      int[] allowed = allowedOrFail(encoding, e);
      ops[e] = allowed[random.nextInt(allowed.length)];
    }
    return new Nb201Architecture(ops);
  }

  /** Whether the output node 3 is reachable from the input node 0 through edges whose op is not {@code none}. */
  public boolean isConnected() {
    boolean[] reached = new boolean[Nb201Ops.NODES];
    reached[0] = true;
    for (int e = 0; e < Nb201Ops.EDGES; e++) {  // edges are ordered by target, so sources are final
      if (ops[e] != Nb201Ops.NONE && reached[Nb201Ops.source(e)]) {
        reached[Nb201Ops.target(e)] = true;
      }
    }
    return reached[Nb201Ops.NODES - 1];
  }

  /**
   * Position in {@link #all()}: the ops read as a base-5 number, edge 0 the most significant digit.
   */
  public int index() {
    int i = 0;
    for (int op : ops) {
      i = i * Nb201Ops.NAMES.size() + op;
    }
    return i;
  }

  /** The architecture at a position of {@link #all()}, {@code 0 <= index < 15625}. */
  public static Nb201Architecture ofIndex(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException("NAS-Bench-201 index " + index + " out of range [0, " + COUNT + ")");
    }
    int[] ops = new int[Nb201Ops.EDGES];
    for (int e = Nb201Ops.EDGES - 1; e >= 0; e--) {
      ops[e] = index % Nb201Ops.NAMES.size();
      index /= Nb201Ops.NAMES.size();
    }
    return new Nb201Architecture(ops);
  }

  /** All 15,625 architectures in {@link #index()} order (edge 0 varies slowest), as an unmodifiable list. */
  public static List<Nb201Architecture> all() {
    List<Nb201Architecture> list = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      list.add(ofIndex(i));
    }
    return Collections.unmodifiableList(list);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Nb201Architecture other && Arrays.equals(ops, other.ops);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ops);
  }

  /** The canonical string. */
  @Override
  public String toString() {
    return canonical();
  }

  private static void checkShape(Encoding encoding) {
    if (!encoding.groups().contains(Nb201Ops.GROUP)) {
      throw new InvalidArchitectureException("NAS-Bench-201 encoding needs group '" + Nb201Ops.GROUP
          + "', has " + encoding.groups());
    }
    if (encoding.edges(Nb201Ops.GROUP) != Nb201Ops.EDGES || encoding.opCount(Nb201Ops.GROUP) != Nb201Ops.NAMES.size()) {
      throw new InvalidArchitectureException("NAS-Bench-201 encoding needs " + Nb201Ops.EDGES + "x"
          + Nb201Ops.NAMES.size() + " masks, got " + encoding.edges(Nb201Ops.GROUP) + "x"
          + encoding.opCount(Nb201Ops.GROUP));
    }
  }

  private static int[] allowedOrFail(Encoding encoding, int edge) {
    int[] allowed = encoding.allowedOps(Nb201Ops.GROUP, edge);
    if (allowed.length == 0) {
      throw new InvalidArchitectureException("edge " + Nb201Ops.EDGE_NAMES.get(edge)
          + " allows no op; every NAS-Bench-201 edge needs one (use none to cut it)");
    }
    return allowed;
  }
}
