package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknas.core.model.EngineWeights;
import org.sparknas.core.model.ModelOptions;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.spaces.darts.DartsGenotype;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * The cross-implementation check: the DL4J graph of an architecture in the search network's shape,
 * with the engine's weights and running statistics copied in, gives the engine's single-path output
 * in evaluation mode (running statistics). Between them the architectures use every op of both
 * spaces, DARTS ops on strided reduction edges too, a NAS-Bench-201 node no op feeds (zero, then a
 * convolution of zeros, which batch norm makes non-zero) and nodes the output does not depend on.
 */
class ModelCrossCheckTest {
  private static final Nb201Space NB201 = new Nb201Space(4, 1, 3, new long[] {1, 8, 8}, 3);
  private static final Nb201Space NB201_RGB = new Nb201Space(3, 2, 2, 2, new long[] {3, 12, 12}, 4);
  private static final DartsSpace DARTS = new DartsSpace(4, 3, true, new long[] {1, 12, 12}, 3);
  private static final DartsSpace DARTS_RGB = new DartsSpace(2, 4, false, 2, new long[] {3, 16, 16}, 4);

  /** Every DARTS op but max pooling, in a normal cell and on a strided edge of a reduction cell. */
  static final String DARTS_OTHERS = "Genotype(normal=[('sep_conv_5x5', 0), ('dil_conv_5x5', 1), ('avg_pool_3x3', 0), "
      + "('max_pool_3x3', 2), ('dil_conv_3x3', 1), ('sep_conv_3x3', 3), ('skip_connect', 4), ('avg_pool_3x3', 2)], "
      + "normal_concat=[2, 3, 4, 5], reduce=[('sep_conv_5x5', 0), ('dil_conv_5x5', 1), ('avg_pool_3x3', 1), "
      + "('sep_conv_3x3', 0), ('dil_conv_3x3', 0), ('skip_connect', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 4)], "
      + "reduce_concat=[2, 3, 4, 5])";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nb201 every op", NB201,
            "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2|"),
        Arguments.of("nb201 zero node feeding a conv", NB201,
            "|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|"),
        Arguments.of("nb201 dead-end nodes", NB201,
            "|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|nor_conv_1x1~0|none~1|none~2|"),
        Arguments.of("nb201 RGB, stem stride 2, two cells per stage", NB201_RGB,
            "|nor_conv_1x1~0|+|nor_conv_3x3~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_3x3~1|skip_connect~2|"),
        Arguments.of("darts DARTS_V2", DARTS, DartsGenotype.DARTS_V2.canonical()),
        Arguments.of("darts every other op", DARTS, DARTS_OTHERS),
        Arguments.of("darts 7 ops, RGB, stem stride 2, 4 cells", DARTS_RGB, DARTS_OTHERS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void dl4jGraphEqualsEngineSinglePath(String name, SearchSpace space, String canonical) {
    Architecture arch = space.parse(canonical);
    Supernet net = Supernet.create(space, 11);
    SupernetGraph engine = net.graph(arch.encoding(), BatchNormMode.RUNNING);
    perturb(net.parameters().bnStats());
    for (String w : net.parameters().weights().names()) { // affine batch norm away from scale 1, shift 0
      if (w.endsWith("/gamma") || w.endsWith("/beta")) {
        perturb(net.parameters().weights(), w, w.endsWith("gamma") ? 1 : 0);
      }
    }
    INDArray x = GradCheck.uniform(DataType.FLOAT, 7, NetCheck.batchShape(space, 5)).muli(2);

    ComputationGraph dl4j = new ComputationGraph(Spaces.model(space).configuration(arch, ModelOptions.SEARCH_PATH,
        new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Sgd(0.1))));
    dl4j.init();
    Set<String> used = EngineWeights.copy(net.parameters(), dl4j);

    Set<String> engineArrays = new HashSet<>(engine.weightNames());
    engineArrays.addAll(engine.network().statistics().keySet());
    Set<String> missing = new TreeSet<>(engineArrays);
    missing.removeAll(used);
    Set<String> extra = new TreeSet<>(used);
    extra.removeAll(engineArrays);
    assertEquals(Set.of(), missing, name + ": engine arrays the DL4J graph does not hold");
    assertEquals(Set.of(), extra, name + ": DL4J layers reading arrays outside the engine's path");
    INDArray expected = Transforms.softmax(engine.logits(x), true);
    INDArray got = dl4j.output(false, x)[0];
    double d = GradCheck.rerunDifference(Transforms.log(expected, true).castTo(DataType.DOUBLE),
        Transforms.log(got, true).castTo(DataType.DOUBLE));
    assertTrue(d < 1e-4, name + ": max |log p_dl4j - log p_engine| / max |log p_engine| = " + d);
  }

  private static void perturb(ParameterSet set) {
    for (String s : List.copyOf(set.names())) {
      perturb(set, s, s.endsWith("var") ? 1 : 0);
    }
  }

  private static void perturb(ParameterSet set, String name, double centre) {
    INDArray a = set.get(name);
    a.assign(GradCheck.uniform(DataType.FLOAT, name.hashCode(), a.shape()).muli(0.3).addi(centre));
  }
}
