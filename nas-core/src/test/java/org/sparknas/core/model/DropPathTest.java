package org.sparknas.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropPathTest {

  @Test
  @DisplayName("the rate ramps linearly with the epoch: 0 at epoch 0, rate * e / epochs after")
  void schedule() {
    DropPath d = new DropPath(0.2, 10);
    assertEquals(0, d.probability(0));
    assertEquals(0.1, d.probability(5), 1e-12);
    assertEquals(0.2, d.probability(10), 1e-12);
  }

  @Test
  @DisplayName("training drops whole examples and scales the kept ones by 1/(1-p); backprop uses the same mask")
  void dropsWholeExamples() {
    Nd4j.getRandom().setSeed(3);
    DropPath d = new DropPath(0.5, 1);
    INDArray x = Nd4j.rand(DataType.FLOAT, 200, 3, 4, 4).addi(0.5);
    INDArray out = d.applyDropout(x, x.ulike(), 0, 1, LayerWorkspaceMgr.noWorkspaces());
    INDArray grad = d.backprop(Nd4j.onesLike(x), x.ulike(), 0, 1);
    int dropped = 0;
    for (int i = 0; i < 200; i++) {
      INDArray row = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
      INDArray in = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
      INDArray g = grad.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
      if (row.sumNumber().doubleValue() == 0) {
        dropped++;
        assertEquals(0, g.sumNumber().doubleValue(), "a dropped example passes no gradient");
      } else {
        assertTrue(row.equalsWithEps(in.mul(2), 1e-6), "a kept example is scaled by 1/(1-p)");
        assertEquals(2 * g.length(), g.sumNumber().doubleValue(), 1e-3, "its gradient is scaled alike");
      }
    }
    assertTrue(dropped > 70 && dropped < 130, "about half dropped: " + dropped);
  }

  @Test
  @DisplayName("at epoch 0 (probability 0) the input passes unchanged")
  void noDropAtStart() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 2, 3, 3);
    assertEquals(x, new DropPath(0.3, 5).applyDropout(x, x.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces()));
  }

  @Test
  @DisplayName("a configuration holding drop-path survives DL4J's JSON round trip")
  void jsonRoundTrip() {
    ModelBuilder b = new ModelBuilder(new NeuralNetConfiguration.Builder(), new long[] {1, 4, 4});
    ModelBuilder.Tensor x = b.dropPath("drop", b.conv("c/w", b.input(), 2, 3, 1, 1), new DropPath(0.2, 30));
    ComputationGraphConfiguration conf = b.build(b.output("fc", b.globalAvgPool("pool", x), 2, 1));
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
    assertEquals(conf.toJson(), back.toJson());
    LayerVertex drop = (LayerVertex) back.getVertices().get("drop");
    assertEquals(new DropPath(0.2, 30), drop.getLayerConf().getLayer().getIDropout());
  }
}
