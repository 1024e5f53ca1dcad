package org.sparknas.core.nn;

import java.util.List;

/** Every layer builder of {@link Layers} and {@link BatchNorm} on tiny inputs (batch 2). */
final class OpCases {
  private OpCases() {}

  record OpCase(String name, long[] inputShape, BatchNormMode mode, OpGraph.Op op) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static OpCase c(String name, BatchNormMode mode, OpGraph.Op op, long... inputShape) {
    return new OpCase(name, inputShape, mode, op);
  }

  static List<OpCase> all() {
    BatchNormMode b = BatchNormMode.BATCH;
    return List.of(
        c("conv 3x3 stride 1, 3->4 channels", b, (g, x) -> Layers.conv(g, "conv", x, 3, 4, 3, 1, 1), 2, 3, 8, 8),
        c("conv 3x3 stride 2, 3->4 channels", b, (g, x) -> Layers.conv(g, "conv", x, 3, 4, 3, 2, 1), 2, 3, 8, 8),
        c("reluConvBn 3x3 affine", b, (g, x) -> Layers.reluConvBn(g, "rcb", x, 3, 4, 3, 1, 1, true), 2, 3, 8, 8),
        c("reluConvBn 1x1 stride 2 non-affine", b,
            (g, x) -> Layers.reluConvBn(g, "rcb", x, 3, 4, 1, 2, 0, false), 2, 3, 8, 8),
        c("separableUnit 3x3 stride 2 affine, 3->4 channels", b,
            (g, x) -> Layers.separableUnit(g, "su", x, 3, 4, 3, 2, 1, 1, true), 2, 3, 8, 8),
        c("sepConv 3x3 stride 1", b, (g, x) -> Layers.sepConv(g, "sep", x, 3, 3, 1, false), 2, 3, 8, 8),
        c("sepConv 5x5 stride 2", b, (g, x) -> Layers.sepConv(g, "sep", x, 3, 5, 2, false), 2, 3, 8, 8),
        c("dilConv 3x3 stride 1 (zero-inserted 5x5 kernel)", b,
            (g, x) -> Layers.dilConv(g, "dil", x, 3, 3, 1, false), 2, 3, 8, 8),
        c("dilConv 5x5 stride 2 (zero-inserted 9x9 kernel)", b,
            (g, x) -> Layers.dilConv(g, "dil", x, 3, 5, 2, false), 2, 3, 8, 8),
        c("maxPool3 stride 1", b, (g, x) -> Layers.maxPool3(g, x, 1), 2, 3, 8, 8),
        c("maxPool3 stride 2", b, (g, x) -> Layers.maxPool3(g, x, 2), 2, 3, 8, 8),
        c("avgPool3 stride 1", b, (g, x) -> Layers.avgPool3(g, x, 1), 2, 3, 8, 8),
        c("avgPool3 stride 2", b, (g, x) -> Layers.avgPool3(g, x, 2), 2, 3, 8, 8),
        c("factorizedReduce without padding (DARTS), 8x8", b,
            (g, x) -> Layers.factorizedReduce(g, "fr", x, 3, 4, false, false), 2, 3, 8, 8),
        c("factorizedReduce with padShift (NB201), odd 7x7, affine", b,
            (g, x) -> Layers.factorizedReduce(g, "fr", x, 3, 4, true, true), 2, 3, 7, 7),
        c("BatchNorm affine, TRAIN mode", BatchNormMode.TRAIN,
            (g, x) -> BatchNorm.apply(g, "bn", x, 3, true), 2, 3, 8, 8),
        c("BatchNorm affine, BATCH mode", b, (g, x) -> BatchNorm.apply(g, "bn", x, 3, true), 2, 3, 8, 8),
        c("linear 5->3", b, (g, x) -> Layers.linear(g, "fc", x, 5, 3), 4, 5),
        c("classifier (global pool + linear) 4->3", b, (g, x) -> Layers.classifier(g, "head", x, 4, 3), 2, 4, 4, 4));
  }
}
