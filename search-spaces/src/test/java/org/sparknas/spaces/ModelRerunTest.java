package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.model.ModelOptions;
import org.sparknas.core.model.RetrainRecipe;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * The oneDNN re-run check of specs/cpu-performance.md on the DL4J graphs: a graph that has run on
 * batch A gives, on batch B, the same outputs (inference) and the same score and gradients (training
 * mode, batch statistics) as a freshly built graph holding the same parameters. The evaluation
 * networks of both spaces cover every op, the auxiliary head and the dilated separable layers.
 */
class ModelRerunTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nb201 evaluation network", new Nb201Space(4, 1, 3, new long[] {1, 8, 8}, 3),
            "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2|",
            ModelOptions.evaluation(0, 0, 1)),
        Arguments.of("darts evaluation network with auxiliary head", new DartsSpace(2, 3, true, new long[] {1, 12, 12}, 3),
            ModelCrossCheckTest.DARTS_OTHERS, ModelOptions.evaluation(0.4, 0, 1)),
        Arguments.of("darts search-path network", new DartsSpace(2, 3, true, new long[] {1, 12, 12}, 3),
            "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
                + "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], "
                + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
                + "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), "
                + "('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])", ModelOptions.SEARCH_PATH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("a re-used DL4J graph on a new batch equals a fresh graph on that batch")
  void rerunEqualsFresh(String name, SearchSpace space, String architecture, ModelOptions options) {
    RetrainRecipe recipe = new RetrainRecipe(1, 4, 0.1, 0, 0.9, 3e-4, 5, 0, 0, 0, 3);
    ComputationGraph reused = new ComputationGraph(Spaces.model(space)
        .configuration(space.parse(architecture), options, recipe.base()));
    reused.init();
    ComputationGraph fresh = new ComputationGraph(reused.getConfiguration().clone());
    fresh.init(reused.params().dup(), true);
    long[] shape = NetCheck.batchShape(space, 4);
    INDArray a = GradCheck.uniform(DataType.FLOAT, 1, shape);
    INDArray b = GradCheck.uniform(DataType.FLOAT, 2, shape);
    INDArray[] ya = labels(reused, NetCheck.labels(4, 3, 0));
    INDArray[] yb = labels(reused, NetCheck.labels(4, 3, 1));

    reused.output(false, a);
    assertTrue(GradCheck.rerunDifference(fresh.output(false, b)[0].castTo(DataType.DOUBLE),
        reused.output(false, b)[0].castTo(DataType.DOUBLE)) < GradCheck.RERUN_TOLERANCE, name + ": inference output");

    reused.setInputs(a);
    reused.setLabels(ya);
    reused.computeGradientAndScore();
    reused.setInputs(b);
    reused.setLabels(yb);
    reused.computeGradientAndScore();
    fresh.setInputs(b);
    fresh.setLabels(yb);
    fresh.computeGradientAndScore();
    assertEquals(fresh.score(), reused.score(), 1e-5 * Math.abs(fresh.score()), name + ": training score");
    double d = GradCheck.rerunDifference(fresh.gradient().gradient().castTo(DataType.DOUBLE),
        reused.gradient().gradient().castTo(DataType.DOUBLE));
    assertTrue(d < GradCheck.RERUN_TOLERANCE, name + ": gradients differ by " + d);
  }

  /** The labels once per output (the auxiliary head learns the same classes). */
  private static INDArray[] labels(ComputationGraph g, INDArray y) {
    INDArray[] out = new INDArray[g.getNumOutputArrays()];
    java.util.Arrays.fill(out, y);
    return out;
  }
}
