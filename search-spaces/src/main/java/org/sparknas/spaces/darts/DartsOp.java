package org.sparknas.spaces.darts;

import java.util.List;

/** The candidate operations of the DARTS cell, by their canonical names. */
public enum DartsOp {
  NONE("none"),
  MAX_POOL_3X3("max_pool_3x3"),
  AVG_POOL_3X3("avg_pool_3x3"),
  SKIP_CONNECT("skip_connect"),
  SEP_CONV_3X3("sep_conv_3x3"),
  SEP_CONV_5X5("sep_conv_5x5"),
  DIL_CONV_3X3("dil_conv_3x3"),
  DIL_CONV_5X5("dil_conv_5x5");

  private final String label;

  DartsOp(String label) {
    this.label = label;
  }

  /** The canonical name, as genotypes print it. */
  public String label() {
    return label;
  }

  /** The op of a column of an op list ({@link DartsOps#list}). */
  static DartsOp at(List<String> ops, int column) {
    String name = ops.get(column);
    for (DartsOp op : values()) {
      if (op.label.equals(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown DARTS op '" + name + "'");
  }
}
