package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.oracle.SameDiffOracle;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.snas.GumbelNoise;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Architecture;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * The training engine against the SameDiff oracle on the spaces' real networks: loss, logits and every
 * weight and alpha gradient of the engine (float) equal the oracle's (double) within float tolerance,
 * for the one-shot supernet, a GM-NAS sub-supernet, a single path, and in every batch-norm mode.
 */
class EngineOracleTest {
  private static final Nb201Space NB201 = new Nb201Space(4, 1, 2, new long[] {1, 8, 8}, 3);
  private static final DartsSpace DARTS = new DartsSpace(4, 3, true, new long[] {1, 8, 8}, 3);

  static Stream<Arguments> cases() {
    Encoding nb201Masked = Encoding.full(NB201).withRow("cell", 2, new boolean[] {false, true, false, true, false});
    Encoding dartsMasked = Encoding.full(DARTS).withRow("reduce", 0, new boolean[] {false, false, false, true,
        true, false, false, false});
    Encoding nb201Path = Nb201Architecture.parse("|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|"
        + "nor_conv_1x1~1|nor_conv_3x3~2|").encoding();
    return Stream.of(
        Arguments.of("nb201 supernet TRAIN", NB201, Encoding.full(NB201), BatchNormMode.TRAIN, false),
        Arguments.of("nb201 supernet RUNNING", NB201, Encoding.full(NB201), BatchNormMode.RUNNING, false),
        Arguments.of("nb201 sub-supernet BATCH", NB201, nb201Masked, BatchNormMode.BATCH, false),
        Arguments.of("nb201 single path TRAIN", NB201, nb201Path, BatchNormMode.TRAIN, false),
        Arguments.of("nb201 supernet Gumbel-softmax TRAIN", NB201, Encoding.full(NB201), BatchNormMode.TRAIN, true),
        Arguments.of("darts supernet TRAIN", DARTS, Encoding.full(DARTS), BatchNormMode.TRAIN, false),
        Arguments.of("darts sub-supernet BATCH", DARTS, dartsMasked, BatchNormMode.BATCH, false),
        Arguments.of("darts supernet RUNNING", DARTS, Encoding.full(DARTS), BatchNormMode.RUNNING, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void engineEqualsOracle(String name, SearchSpace space, Encoding enc, BatchNormMode mode, boolean gumbel) {
    Supernet net = Supernet.create(space, 5);
    for (String a : net.alphaNames()) {
      net.parameters().alphas().get(a).assign(GradCheck.uniform(DataType.FLOAT, a.hashCode(),
          net.parameters().alphas().get(a).shape()));
    }
    SupernetGraph graph = gumbel ? net.graph(enc, mode, EdgeWeighting.GUMBEL_SOFTMAX) : net.graph(enc, mode);
    for (String s : net.parameters().bnStats().names()) { // running statistics away from 0 and 1
      INDArray stat = net.parameters().bnStats().get(s);
      stat.assign(GradCheck.uniform(DataType.FLOAT, s.hashCode(), stat.shape()).muli(0.3)
          .addi(s.endsWith("var") ? 1 : 0));
    }
    GumbelSample sample = gumbel ? GumbelNoise.sample(space, 0.7, 3) : null;
    INDArray x = GradCheck.uniform(DataType.FLOAT, 7, NetCheck.batchShape(space, 4)).muli(2);
    INDArray y = NetCheck.labels(4, 3, 1);
    SupernetParameters inDouble = net.parameters().copy();
    GradCheck.toDouble(inDouble.weights());
    GradCheck.toDouble(inDouble.alphas());
    GradCheck.toDouble(inDouble.bnStats());
    SameDiffOracle.Result oracle = SameDiffOracle.run(graph.network(), inDouble, mode, sample,
        x.castTo(DataType.DOUBLE), y.castTo(DataType.DOUBLE));

    List<String> wrt = new ArrayList<>(graph.weightNames());
    wrt.addAll(graph.alphaNames());
    Pass p = gumbel ? graph.forwardBackward(x, y, sample, wrt) : graph.forwardBackward(x, y, wrt);
    assertEquals(oracle.loss(), p.loss(), 1e-4 * Math.max(1, oracle.loss()), name + ": loss");
    assertTrue(GradCheck.rerunDifference(oracle.logits(), p.logits().castTo(DataType.DOUBLE)) < 1e-4, name + ": logits");
    assertEquals(oracle.gradients().keySet(), p.gradients().keySet(), name + ": arrays with a gradient");
    StringBuilder bad = new StringBuilder();
    for (String n : wrt) {
      double d = GradCheck.rerunDifference(oracle.gradients().get(n), p.gradients().get(n).castTo(DataType.DOUBLE));
      if (!(d < 2e-4)) {
        bad.append(String.format("%n  %s: max|engine - oracle| / max|oracle| = %.3g", n, d));
      }
    }
    assertTrue(bad.length() == 0, name + ":" + bad);
  }
}
