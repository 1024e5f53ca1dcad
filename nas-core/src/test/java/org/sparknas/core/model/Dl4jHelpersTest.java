package org.sparknas.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The bridge works: graphs this project builds run DL4J's oneDNN helpers (specs: docs/retrain.md). */
class Dl4jHelpersTest {

  @Test
  @DisplayName("convolution and batch norm layers get DL4J's oneDNN helpers")
  void helpersAreOn() {
    ModelBuilder b = new ModelBuilder(new NeuralNetConfiguration.Builder(), new long[] {1, 6, 6});
    ModelBuilder.Tensor x = b.batchNorm("bn", b.conv("c/w", b.input(), 2, 3, 1, 1), true);
    ComputationGraph g = new ComputationGraph(b.build(b.output("fc", b.globalAvgPool("pool", x), 2, 1)));
    g.init();
    g.output(false, Nd4j.rand(DataType.FLOAT, 2, 1, 6, 6));
    assertEquals("MKLDNNConvHelper", ((ConvolutionLayer) g.getLayer("c/w")).getHelper().getClass().getSimpleName());
    assertEquals("MKLDNNBatchNormHelper",
        ((BatchNormalization) g.getLayer("bn")).getHelper().getClass().getSimpleName());
  }
}
