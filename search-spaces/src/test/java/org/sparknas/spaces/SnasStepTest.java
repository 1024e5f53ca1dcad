package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.snas.SnasStep;
import org.sparknas.core.supernet.AlphaInit;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.Sgd;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/** {@link SnasStep} on networks where some alpha group has no mixed edge, so no Gumbel noise reaches it. */
class SnasStepTest {

  private static Batch batch(int n, int classes) {
    INDArray x = GradCheck.uniform(DataType.FLOAT, 3, n, 1, 8, 8);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = i % classes;
      y.putScalar(i, c[i], 1);
    }
    return new Batch(x, y, c);
  }

  private static SupernetParameters step(Supernet net, Encoding enc) {
    Batch b = batch(4, 3);
    net.graph(enc, BatchNormMode.TRAIN, EdgeWeighting.GUMBEL_SOFTMAX); // creates the weights
    SupernetParameters before = net.parameters().copy();
    new SnasStep(0.01, 5.0).run(net, enc, new Sgd(0.9, false, 0), new Adam(0.5, 0.999, 1e-8, 0),
        new SnasStep.Input(b, b, 0.1, 0.5, 7, true));
    return before;
  }

  @Test
  @DisplayName("one-cell DARTS network (a reduction cell only): no normal-cell noise is fed, alpha_reduce moves, alpha_normal stays")
  void groupWithoutCell() {
    DartsSpace space = new DartsSpace(2, 1, true, new long[] {1, 8, 8}, 3);
    Encoding enc = Encoding.full(space);
    for (int e = 0; e < 14; e++) { // two cheap ops per edge keep the graph small
      enc = enc.withRow("reduce", e, new boolean[] {true, false, true, true, false, false, false, false});
    }
    Supernet net = new Supernet(space, new AlphaInit(1, 0.01).parameters(space, 1));
    SupernetParameters before = step(net, enc);
    assertEquals(before.alphas().get("alpha_normal"), net.parameters().alphas().get("alpha_normal"));
    assertNotEquals(before.alphas().get("alpha_reduce"), net.parameters().alphas().get("alpha_reduce"));
  }

  @Test
  @DisplayName("a single path (no mixed edge, no Gumbel noise): the weights train, alpha stays")
  void singlePath() {
    Nb201Space space = new Nb201Space(2, 1, 1,
        new long[] {1, 8, 8}, 3);
    Encoding path = space.parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|"
        + "nor_conv_3x3~2|").encoding();
    Supernet net = new Supernet(space, new AlphaInit(1, 0.01).parameters(space, 2));
    SupernetParameters before = step(net, path);
    assertEquals(before.alphas().get("alpha_cell"), net.parameters().alphas().get("alpha_cell"));
    assertNotEquals(before.weights().flatten(), net.parameters().weights().flatten());
  }
}
