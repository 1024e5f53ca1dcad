package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.oracle.SameDiffOracle;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The engine's backward of every layer: against central finite differences of its own forward (the
 * same modules run in double precision, so the check is tight), and in float, as it trains, against the
 * SameDiff oracle of the same description in double precision.
 */
class LayerGradientTest {

  static List<LayerCases.Case> cases() {
    return LayerCases.all();
  }

  /** Fresh parameters for a case: the mixed-edge cases get alpha logits for their group. */
  static SupernetParameters params(long seed) {
    SupernetParameters p = SupernetParameters.empty(seed);
    p.alphas().put("alpha_" + LayerCases.GROUP, GradCheck.uniform(DataType.FLOAT, seed + 100, 1, 4));
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesFiniteDifferences(LayerCases.Case c) {
    EngineRun run = new EngineRun(c.network(), params(3), c.mode(), c.inputShape()[0], DataType.DOUBLE);
    INDArray x = GradCheck.uniform(DataType.DOUBLE, 11, c.inputShape());
    Map<String, INDArray> grads = run.lossAndGradients(x);
    assertEquals(run.parameterNames().size() + 1, grads.size(), "a gradient for every weight and alpha: " + grads.keySet());
    for (String name : run.parameterNames()) {
      double err = GradCheck.relativeError(run.array(name), grads.get(name), () -> run.loss(x), 6, 5);
      assertTrue(err < GradCheck.TOLERANCE, c + ": " + name + " relative error " + err);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void equalsTheSameDiffOracle(LayerCases.Case c) {
    SupernetParameters p = params(4);
    EngineRun run = new EngineRun(c.network(), p, c.mode(), c.inputShape()[0]);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 12, c.inputShape());
    SupernetParameters inDouble = p.copy();
    GradCheck.toDouble(inDouble.weights());
    GradCheck.toDouble(inDouble.alphas());
    GradCheck.toDouble(inDouble.bnStats());
    SameDiffOracle.Result oracle = SameDiffOracle.run(run.network, inDouble, c.mode(), null,
        x.castTo(DataType.DOUBLE), null, run.r);
    Map<String, INDArray> engine = run.lossAndGradients(x);
    assertEquals(oracle.loss(), engine.get("loss").getDouble(0), 1e-4 * Math.max(1, Math.abs(oracle.loss())), c + ": loss");
    assertEquals(oracle.gradients().keySet(), new java.util.HashSet<>(run.parameterNames()), c + ": gradients");
    for (String name : run.parameterNames()) {
      double d = GradCheck.rerunDifference(oracle.gradients().get(name), engine.get(name).castTo(DataType.DOUBLE));
      assertTrue(d < 1e-4, c + ": " + name + " max|engine - oracle| / max|oracle| = " + d);
    }
  }

  /**
   * Asking for one weight at a time (as GM-NAS's shared weights and architecture steps do) gives that
   * weight's gradient of the full pass and no other: layers that skip unwanted weight gradients, or
   * compute them for several weights at once (sibling convolutions), must not change the rest.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsOfSomeWeightsEqualThoseOfAll(LayerCases.Case c) {
    EngineRun run = new EngineRun(c.network(), params(5), c.mode(), c.inputShape()[0], DataType.DOUBLE);
    INDArray x = GradCheck.uniform(DataType.DOUBLE, 13, c.inputShape());
    Map<String, INDArray> all = run.lossAndGradients(x);
    for (String name : run.network.weights().keySet()) {
      Map<String, INDArray> one = run.lossAndGradients(x, java.util.Set.of(name), java.util.Set.of());
      assertEquals(java.util.Set.of("loss", name), one.keySet(), c + ": only what was asked for");
      double d = GradCheck.rerunDifference(all.get(name), one.get(name));
      assertTrue(d < 1e-12, c + ": gradient of " + name + " alone differs from the full pass by " + d);
    }
  }
}
