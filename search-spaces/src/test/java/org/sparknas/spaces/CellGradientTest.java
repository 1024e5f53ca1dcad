package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.EngineRun;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * Whole one-cell networks of both spaces, all ops mixed: gradients for every weight, the alphas and
 * the input against central finite differences in double precision.
 */
class CellGradientTest {

  /** Checks {@code samples} entries of every array whose name passes {@code checked}. */
  private static void check(SearchSpace space, Encoding enc, int samples, java.util.function.Predicate<String> checked) {
    SupernetParameters p = SupernetParameters.empty(31);
    new Supernet(space, p); // creates the alphas
    for (String a : p.alphas().names()) { // away from uniform, so that every op's weight differs
      p.alphas().get(a).assign(GradCheck.uniform(DataType.FLOAT, a.hashCode(), p.alphas().get(a).shape()));
    }
    EngineRun net = NetCheck.doubleNetwork(space, p, enc, 2);
    INDArray x = GradCheck.uniform(DataType.DOUBLE, 32, NetCheck.batchShape(space, 2));
    Map<String, INDArray> grads = net.lossAndGradients(x);
    grads.remove("loss");
    long t0 = System.nanoTime();
    net.loss(x);
    System.out.printf("%s: %d arrays, one forward pass %.1f ms%n", space.name(), grads.size(),
        (System.nanoTime() - t0) / 1e6);
    List<String> tested = new ArrayList<>();
    StringBuilder bad = new StringBuilder();
    long seed = 0;
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      if (!checked.test(e.getKey())) {
        continue;
      }
      tested.add(e.getKey());
      INDArray array = net.array(e.getKey());
      assertEquals(DataType.DOUBLE, array.dataType(), e.getKey());
      double err = GradCheck.relativeError(array, e.getValue(), () -> net.loss(x), samples, seed++);
      if (!(err < GradCheck.TOLERANCE)) {
        bad.append(String.format("%n  %s: relative error %.3g", e.getKey(), err));
      }
    }
    assertTrue(tested.stream().anyMatch(n -> n.startsWith("alpha_")), "alpha gradient checked: " + tested);
    if (bad.length() > 0) {
      fail(space.name() + ": analytic gradient differs from finite differences" + bad);
    }
  }

  @Test
  @DisplayName("NB201 network with one mixed cell: gradients of all weights, alphas and input match finite differences")
  void nb201Cell() {
    Nb201Space space = new Nb201Space(2, 1, 1, new long[] {1, 8, 8}, 3);
    check(space, Encoding.full(space), 3, n -> true);
  }

  @Test
  @DisplayName("DARTS network with one mixed (reduction) cell: gradients of weights, alphas and input match finite differences")
  void dartsCell() {
    DartsSpace space = new DartsSpace(2, 1, true, new long[] {1, 8, 8}, 3);
    // all 8 ops on an edge from a cell input (stride 2, skip = FactorizedReduce) and on an intermediate
    // edge (stride 1); the other 12 edges mix 2-3 cheap ops (the full cell costs ~10x per pass here)
    Encoding enc = Encoding.full(space);
    for (int e = 0; e < 14; e++) {
      if (e != 0 && e != 4) {
        boolean[] row = e % 2 == 0 ? new boolean[] {true, true, false, true, false, false, false, false}
            : new boolean[] {false, false, true, true, false, false, false, false};
        enc = enc.withRow("reduce", e, row);
      }
    }
    check(space, enc, 2, n -> true);
  }
}
