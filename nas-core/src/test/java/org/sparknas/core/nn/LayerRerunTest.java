package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The reuse fault of specs/cpu-performance.md (a oneDNN helper that returned stale results when a graph
 * was re-run) and any buffer-pool aliasing: a network run on batch A and then on batch B gives exactly
 * what a freshly compiled one gives on B.
 */
class LayerRerunTest {

  static List<LayerCases.Case> cases() {
    return LayerCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rerunEqualsFresh(LayerCases.Case c) {
    SupernetParameters p = LayerGradientTest.params(6);
    INDArray a = GradCheck.uniform(DataType.FLOAT, 21, c.inputShape());
    INDArray b = GradCheck.uniform(DataType.FLOAT, 22, c.inputShape());
    EngineRun reused = new EngineRun(c.network(), p, c.mode(), c.inputShape()[0]);
    reused.lossAndGradients(a);
    reused.output(a);
    Map<String, INDArray> again = reused.lossAndGradients(b);
    Map<String, INDArray> fresh = new EngineRun(c.network(), p, c.mode(), c.inputShape()[0]).lossAndGradients(b);
    GradCheck.assertRerunEqual(fresh, again, c.toString());
    assertTrue(reused.compiled.pool().inUse() == 0, c + ": a finished pass still holds pool arrays");
  }
}
