package org.sparknas.spaces.mbconv;

import java.io.Serializable;

/**
 * One searched MBConv layer with its geometry. The first layer of a block maps the previous width to
 * the block's width with the block's stride; the others keep width and resolution. The residual is
 * the identity when the shape is kept, else the down-sampling shortcut: AvgPool2d(2, 2, ceil mode,
 * padding not counted) when the stride is 2, then Conv1x1 + BN when the width changes.
 *
 * @param block searched block index
 * @param layer layer index within the block
 * @param op the chosen op
 * @param inWidth input channels
 * @param outWidth output channels
 * @param stride 1 or 2, of the depthwise conv
 * @param inResolution input height = width
 */
public record MbconvLayer(int block, int layer, MbconvOp op, int inWidth, int outWidth, int stride, int inResolution)
    implements Serializable {

  /** Channels after the 1x1 expansion: the input width times the expansion ratio, rounded to a multiple of 8. */
  public int expandedWidth() {
    return MbconvSettings.makeDivisible(inWidth * (double) op.expansion(), 8);
  }

  /** Channels of the squeeze-and-excitation bottleneck: a quarter of the input width, rounded, at least 1. */
  public int seWidth() {
    return MbconvSettings.makeDivisible(inWidth * MbconvOp.SE_RATIO, 1);
  }

  public int outResolution() {
    return stride == 2 ? (inResolution + 1) / 2 : inResolution;
  }

  /** Whether the residual pools (stride 2). */
  public boolean poolsShortcut() {
    return stride == 2;
  }

  /** Whether the residual has a Conv1x1 + BN (the width changes). */
  public boolean projectsShortcut() {
    return inWidth != outWidth;
  }
}
