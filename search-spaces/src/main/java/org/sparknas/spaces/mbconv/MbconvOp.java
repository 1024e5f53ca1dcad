package org.sparknas.spaces.mbconv;

import org.sparknas.core.space.InvalidArchitectureException;

/**
 * The four candidate ops of an MBConv layer, in the reference's order (its path digits): inverted
 * residual blocks (1x1 expansion, depthwise k x k, squeeze-and-excitation, 1x1 projection) with
 * SiLU activations. Every one has a residual: identity, or the down-sampling shortcut of
 * {@link MbconvLayer} when the shape changes.
 * <pre>{@code
 * MbconvOp op = MbconvOp.of(1);   // MB6_5X5
 * op.expansion(); op.kernel();    // 6, 5
 * op.canonicalName();             // "MB6_5x5_se0.25"
 * }</pre>
 */
public enum MbconvOp {
  MB6_3X3(6, 3),
  MB6_5X5(6, 5),
  MB3_3X3(3, 3),
  MB3_5X5(3, 5);

  /** Squeeze-and-excitation ratio, of the layer's input width (timm's convention). */
  public static final double SE_RATIO = 0.25;

  private static final MbconvOp[] BY_INDEX = values();

  private final int expansion;
  private final int kernel;

  MbconvOp(int expansion, int kernel) {
    this.expansion = expansion;
    this.kernel = kernel;
  }

  /** The op with digit {@code index}; the error lists the valid ones. */
  public static MbconvOp of(int index) {
    if (index < 0 || index >= BY_INDEX.length) {
      throw new InvalidArchitectureException("unknown MBConv op " + index + ", valid ops are 0..3: "
          + java.util.Arrays.toString(BY_INDEX));
    }
    return BY_INDEX[index];
  }

  public int index() {
    return ordinal();
  }

  /** Expansion ratio of the 1x1 expansion conv. */
  public int expansion() {
    return expansion;
  }

  /** Kernel size of the depthwise conv. */
  public int kernel() {
    return kernel;
  }

  /** The reference's name, e.g. {@code MB3_5x5_se0.25}. */
  public String canonicalName() {
    return "MB" + expansion + "_" + kernel + "x" + kernel + "_se" + SE_RATIO;
  }
}
