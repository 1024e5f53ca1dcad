package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.SupernetParameters;

/** Analytic gradients of every layer against central finite differences, in double precision. */
class LayersGradientTest {

  static Stream<OpCases.OpCase> cases() {
    return OpCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("gradients for the weights and the input match central finite differences")
  void matchesFiniteDifferences(OpCases.OpCase c) {
    OpGraph graph = OpGraph.build(SupernetParameters.empty(11), c.op(), c.inputShape(), DataType.DOUBLE, c.mode());
    INDArray x = graph.input(5);
    Map<String, INDArray> grads = graph.lossAndGradients(x);
    grads.remove("loss");
    StringBuilder bad = new StringBuilder();
    long seed = 1;
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      INDArray array = e.getKey().equals(OpGraph.INPUT) ? x : graph.array(e.getKey());
      assertFalse(array.dataType() != DataType.DOUBLE, e.getKey() + " is not double");
      double err = GradCheck.relativeError(array, e.getValue(), () -> graph.loss(x), 5, seed++);
      if (!(err < GradCheck.TOLERANCE)) {
        bad.append(String.format("%n  %s: relative error %.3g", e.getKey(), err));
      }
    }
    if (bad.length() > 0) {
      fail(c.name() + ": analytic gradient differs from finite differences" + bad);
    }
  }
}
