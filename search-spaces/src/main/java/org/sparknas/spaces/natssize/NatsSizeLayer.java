package org.sparknas.spaces.natssize;

import java.io.Serializable;

/**
 * One macro layer of a NATS-size architecture: the fixed NAS-Bench-201 cell
 * {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|}
 * at stride 1, or a ResNet basic block at stride 2, mapping {@code inWidth} to {@code outWidth}
 * channels (slices of the shared widest weight). The first layer reads the stem, whose width is the
 * first layer's output width.
 *
 * @param layer macro layer 0..4
 * @param residual true for the ResNet block (layers 1 and 3), false for the cell
 * @param inWidth input channels
 * @param outWidth output channels
 */
public record NatsSizeLayer(int layer, boolean residual, int inWidth, int outWidth) implements Serializable {

  /** The fixed cell of every non-residual layer. */
  public static final String CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

  /** Whether macro layer {@code layer} is a ResNet block (the stride-2 reductions). */
  public static boolean isResidual(int layer) {
    return layer % 2 == 1;
  }

  public int stride() {
    return residual ? 2 : 1;
  }
}
