package org.sparknas.core.nn;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The oneDNN re-run check of specs/cpu-performance.md for every layer, in float (the precision the
 * oneDNN helpers run in): a graph run on batch A and then on batch B gives the same loss and
 * gradients on B as a freshly built graph with the same parameters.
 */
class LayersRerunTest {

  static Stream<OpCases.OpCase> cases() {
    return OpCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("a re-used graph on a new batch equals a fresh graph on that batch (loss and all gradients)")
  void rerunEqualsFresh(OpCases.OpCase c) {
    SupernetParameters p = SupernetParameters.empty(3);
    OpGraph reused = OpGraph.build(p, c.op(), c.inputShape(), DataType.FLOAT, BatchNormMode.BATCH);
    INDArray a = reused.input(100);
    INDArray b = reused.input(200);
    reused.lossAndGradients(a);
    Map<String, INDArray> second = reused.lossAndGradients(b);
    Map<String, INDArray> third = reused.lossAndGradients(b.dup());
    OpGraph fresh = OpGraph.build(p, c.op(), c.inputShape(), DataType.FLOAT, BatchNormMode.BATCH);
    Map<String, INDArray> ref = fresh.lossAndGradients(b.dup());
    GradCheck.assertRerunEqual(ref, second, c.name() + ", 2nd call");
    GradCheck.assertRerunEqual(ref, third, c.name() + ", 3rd call");
  }
}
