package org.sparknas.spaces.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Sgd;

/**
 * A connected single path may still compute an op whose node feeds nothing; RSPS samples such paths
 * often (here {@code 1<-0} is a conv, but both edges leaving node 1 are {@code none}).
 */
class DeadEndPathTest {
  private static final String DEAD_END_CONV = "cell0/edge0/nor_conv_3x3/conv/w";

  @Test
  @DisplayName("a path with a dead-end conv trains, and the dead-end weights are left untouched")
  void deadEndOpIsNotTrained() {
    Nb201Space space = new Nb201Space(4, 1, 1, new long[] {1, 8, 8}, 4);
    Nb201Architecture path = Nb201Architecture.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
    assertTrue(path.isConnected());
    Supernet net = Supernet.create(space, 1);
    net.graph(Encoding.full(space), BatchNormMode.BATCH); // a supernet trained on all ops has every weight
    SupernetGraph graph = net.graph(path.encoding(), BatchNormMode.BATCH);
    assertFalse(graph.weightNames().contains(DEAD_END_CONV), graph.weightNames().toString());
    assertTrue(graph.weightNames().contains("stem/w"), graph.weightNames().toString());

    INDArray deadBefore = net.parameters().weights().get(DEAD_END_CONV).dup();
    INDArray stemBefore = net.parameters().weights().get("stem/w").dup();
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 8, 8);
    INDArray y = Nd4j.eye(4).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    Pass p = graph.forwardBackward(x, y, graph.weightNames());
    assertEquals(graph.weightNames().size(), p.gradients().size());
    new Sgd(0.9, false, 3e-4).step(net.parameters().weights(), p.gradients(), 0.1);
    assertEquals(deadBefore, net.parameters().weights().get(DEAD_END_CONV));
    assertNotEquals(stemBefore, net.parameters().weights().get("stem/w"));
  }
}
