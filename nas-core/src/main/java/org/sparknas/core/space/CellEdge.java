package org.sparknas.core.space;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cell and edge a weight belongs to, read from its name: the cell spaces name every op weight
 * {@code cell<i>/edge<e>/<op>/<part>} (so graphs of different encodings share it by name), and nothing
 * else starts that way. Used to tell which weights a GM-NAS split compares.
 * <pre>{@code
 * CellEdge.of("cell3/edge5/nor_conv_3x3/conv/w");   // CellEdge[cell=3, edge=5]
 * CellEdge.of("cell3/pre0/conv/w");                  // null: not an op weight of an edge
 * }</pre>
 */
public record CellEdge(int cell, int edge) {
  private static final Pattern EDGE_WEIGHT = Pattern.compile("^cell(\\d+)/edge(\\d+)/");

  /** The cell and edge of an op weight, or {@code null} for any other weight. */
  public static CellEdge of(String weightName) {
    Matcher m = EDGE_WEIGHT.matcher(weightName);
    return m.find() ? new CellEdge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
  }
}
