package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.DataParallel;
import org.sparknas.spaces.nb201.Nb201Space;

/** Sharded passes combine exactly what per-shard passes compute, weighted by shard size, in shard order. */
class DataParallelTest {

  private static Batch batch(int n) {
    INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 8, 8).subi(0.5);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, 4);
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      classes[i] = i % 4;
      y.putScalar(i, classes[i], 1f);
    }
    return new Batch(x, y, classes);
  }

  @Test
  @DisplayName("3 shards of a batch of 10 (3, 3, 4 images): loss and gradients are the size-weighted shard means")
  void shardsCombineExactly() {
    Nd4j.getRandom().setSeed(3);
    Nb201Space space = TinySearch.space();
    Supernet net = Supernet.create(space, 4);
    Encoding all = Encoding.full(space);
    SupernetGraph graph = net.graph(all, BatchNormMode.BATCH);
    Batch b = batch(10);
    List<String> wrt = graph.weightNames();
    Pass sharded;
    try (LocalRunner runner = new LocalRunner()) {
      sharded = DataParallel.pass(runner, "test", net, all, BatchNormMode.BATCH, b, 3, wrt);
    }
    int[][] ranges = {{0, 3}, {3, 6}, {6, 10}};
    double loss = 0;
    for (int[] r : ranges) {
      Batch part = new Batch(b.features().get(NDArrayIndex.interval(r[0], r[1])).dup(),
          b.labels().get(NDArrayIndex.interval(r[0], r[1])).dup(), new int[r[1] - r[0]]);
      Pass p = graph.forwardBackward(part.features(), part.labels(), wrt);
      double w = (r[1] - r[0]) / 10.0;
      loss += w * p.loss();
      for (Map.Entry<String, INDArray> g : p.gradients().entrySet()) {
        sharded.gradients().get(g.getKey()).subi(g.getValue().mul(w));
      }
    }
    assertEquals(loss, sharded.loss(), 1e-6);
    assertEquals(10, sharded.logits().rows());
    for (Map.Entry<String, INDArray> left : sharded.gradients().entrySet()) {
      assertTrue(left.getValue().amaxNumber().doubleValue() < 1e-6, left.getKey() + " differs");
    }
  }

  @Test
  @DisplayName("a path sharded again after the driver created other paths' weights: the shard supernet takes them in")
  void pathAfterNewWeights() {
    Nd4j.getRandom().setSeed(5);
    Nb201Space space = TinySearch.space();
    Supernet net = Supernet.create(space, 6);
    Encoding convs = space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|"
        + "nor_conv_3x3~2|").encoding();
    Encoding others = space.parse("|nor_conv_1x1~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
        + "nor_conv_1x1~2|").encoding();
    Batch b = batch(8);
    try (LocalRunner runner = new LocalRunner()) {
      SupernetGraph graph = net.graph(convs, BatchNormMode.BATCH);
      DataParallel.pass(runner, "first", net, convs, BatchNormMode.BATCH, b, 2, graph.weightNames());
      int before = net.parameters().weights().size();
      net.graph(others, BatchNormMode.BATCH); // creates the 1x1 convs' weights on the driver
      assertTrue(net.parameters().weights().size() > before);
      Pass again = DataParallel.pass(runner, "again", net, convs, BatchNormMode.BATCH, b, 2, graph.weightNames());
      Pass first = DataParallel.pass(runner, "reference", new Supernet(space, net.parameters().copy()), convs,
          BatchNormMode.BATCH, b, 2, graph.weightNames());
      assertEquals(first.loss(), again.loss(), 0.0);
    }
  }
}
