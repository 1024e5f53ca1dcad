package org.sparknas.spaces.hytra;

import org.sparknas.core.space.InvalidArchitectureException;

/**
 * The six (building block, resolution) choices of a HyTra layer, in the reference's
 * {@code forward_index} order, which is also the digit of the op in a path string. Levels count from
 * the lowest resolution: level 0 is the reference's 7x7 (2048 channels), level 3 its 56x56 (256
 * channels). ResAtt (a BoTNet-style transformer block) exists only at levels 0 and 1; ResConv (a
 * ResNet bottleneck) at every level.
 * <pre>{@code
 * HytraOp op = HytraOp.of(2);     // RES_ATT_1: attention at the second-lowest resolution
 * op.level();                      // 1
 * }</pre>
 */
public enum HytraOp {
  RES_ATT_0(true, 0),
  RES_CONV_0(false, 0),
  RES_ATT_1(true, 1),
  RES_CONV_1(false, 1),
  RES_CONV_2(false, 2),
  RES_CONV_3(false, 3);

  /** Resolution levels of the fabric (rows). */
  public static final int LEVELS = 4;

  private static final HytraOp[] BY_INDEX = values();

  private final boolean attention;
  private final int level;

  HytraOp(boolean attention, int level) {
    this.attention = attention;
    this.level = level;
  }

  /** The op with digit {@code index}; the error lists the valid digits. */
  public static HytraOp of(int index) {
    if (index < 0 || index >= BY_INDEX.length) {
      throw new InvalidArchitectureException("unknown HyTra op " + index + ", valid ops are 0..5: "
          + java.util.Arrays.toString(BY_INDEX));
    }
    return BY_INDEX[index];
  }

  /** The digit of this op in a path string. */
  public int index() {
    return ordinal();
  }

  /** Resolution level: 0 the lowest resolution, {@code LEVELS - 1} the stem's. */
  public int level() {
    return level;
  }

  /** True for ResAtt (multi-head self-attention), false for ResConv. */
  public boolean attention() {
    return attention;
  }

  /** {@code ResAtt@L1}, {@code ResConv@L3}. */
  @Override
  public String toString() {
    return (attention ? "ResAtt" : "ResConv") + "@L" + level;
  }
}
