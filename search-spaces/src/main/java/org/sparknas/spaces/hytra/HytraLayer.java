package org.sparknas.spaces.hytra;

import java.io.Serializable;

/**
 * One layer of a HyTra path with its geometry, what a network builder needs: the op, the feature map
 * it reads and the one it writes. A layer whose op is one level below its input down-samples: its
 * shortcut is a stride-2 3x3 conv and its position-encoding depthwise conv has stride 2.
 *
 * @param block block index
 * @param layer layer index within the block
 * @param op the chosen op
 * @param inLevel level of the input (the stem's, {@code LEVELS - 1}, for the first layer of block 0)
 * @param inWidth input channels
 * @param inResolution input height = width
 * @param outWidth output channels
 * @param outResolution output height = width
 */
public record HytraLayer(int block, int layer, HytraOp op, int inLevel, int inWidth, int inResolution,
    int outWidth, int outResolution) implements Serializable {

  /** True when this layer halves the resolution. */
  public boolean downsamples() {
    return op.level() < inLevel;
  }
}
