package org.sparknas.core.space;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which ops each edge may use: one {@code boolean[edges][ops]} mask per alpha group (GM-NAS {@code enc}).
 * All ones is the one-shot supernet; one op per row is a single path; an all-false row drops the edge.
 * Networks are compiled only for allowed ops, so a masked op costs nothing. Immutable.
 */
public final class Encoding implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, boolean[][]> masks;

  private Encoding(Map<String, boolean[][]> masks) {
    this.masks = masks;
  }

  /** Every op allowed on every edge. */
  public static Encoding full(SearchSpace space) {
    Map<String, boolean[][]> m = new LinkedHashMap<>();
    for (AlphaGroup g : space.groups()) {
      boolean[][] rows = new boolean[g.edges()][space.opCount()];
      for (boolean[] row : rows) {
        Arrays.fill(row, true);
      }
      m.put(g.name(), rows);
    }
    return new Encoding(m);
  }

  /** Builds an encoding from explicit masks (copied). */
  public static Encoding of(Map<String, boolean[][]> masks) {
    Map<String, boolean[][]> m = new LinkedHashMap<>();
    masks.forEach((k, v) -> m.put(k, deepCopy(v)));
    return new Encoding(m);
  }

  /** A copy with one edge's row replaced (a GM-NAS child takes the indicator of its op group). */
  public Encoding withRow(String group, int edge, boolean[] allowed) {
    Map<String, boolean[][]> m = new LinkedHashMap<>();
    masks.forEach((k, v) -> m.put(k, deepCopy(v)));
    boolean[][] rows = m.get(requireGroup(group));
    if (allowed.length != rows[edge].length) {
      throw new IllegalArgumentException("row for " + group + " edge " + edge + " needs " + rows[edge].length
          + " entries, got " + allowed.length);
    }
    rows[edge] = allowed.clone();
    return new Encoding(m);
  }

  public List<String> groups() {
    return List.copyOf(masks.keySet());
  }

  public int edges(String group) {
    return masks.get(requireGroup(group)).length;
  }

  /** Number of op columns of a group (the width of its rows). */
  public int opCount(String group) {
    boolean[][] rows = masks.get(requireGroup(group));
    return rows.length == 0 ? 0 : rows[0].length;
  }

  public boolean allowed(String group, int edge, int op) {
    return masks.get(requireGroup(group))[edge][op];
  }

  /** Indices of the allowed ops of an edge, ascending. */
  public int[] allowedOps(String group, int edge) {
    boolean[] row = masks.get(requireGroup(group))[edge];
    int n = 0;
    for (boolean b : row) {
      n += b ? 1 : 0;
    }
    int[] ops = new int[n];
    for (int o = 0, i = 0; o < row.length; o++) {
      if (row[o]) {
        ops[i++] = o;
      }
    }
    return ops;
  }

  /** An edge is unsplit when every op is allowed (GM-NAS A.2). */
  public boolean isUnsplit(String group, int edge) {
    return allowedOps(group, edge).length == masks.get(requireGroup(group))[edge].length;
  }

  /** The masks as a plain map (copies), for serialisation. */
  public Map<String, boolean[][]> masks() {
    Map<String, boolean[][]> m = new LinkedHashMap<>();
    masks.forEach((k, v) -> m.put(k, deepCopy(v)));
    return Collections.unmodifiableMap(m);
  }

  private String requireGroup(String group) {
    if (!masks.containsKey(group)) {
      throw new IllegalArgumentException("encoding has no group '" + group + "', has " + masks.keySet());
    }
    return group;
  }

  private static boolean[][] deepCopy(boolean[][] a) {
    boolean[][] c = new boolean[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Encoding other) || !masks.keySet().equals(other.masks.keySet())) {
      return false;
    }
    for (String g : masks.keySet()) {
      if (!Arrays.deepEquals(masks.get(g), other.masks.get(g))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = masks.keySet().hashCode();
    for (boolean[][] m : masks.values()) {
      h = 31 * h + Arrays.deepHashCode(m);
    }
    return h;
  }

  /** Compact form, one group per line: each edge as the bit string of its allowed ops. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    masks.forEach((g, rows) -> {
      sb.append(g).append(':');
      for (boolean[] row : rows) {
        sb.append(' ');
        for (boolean b : row) {
          sb.append(b ? '1' : '0');
        }
      }
      sb.append('\n');
    });
    return sb.toString().trim();
  }
}
