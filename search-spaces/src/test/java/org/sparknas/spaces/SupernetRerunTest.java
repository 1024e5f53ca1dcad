package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.PathSampler;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Architecture;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * The oneDNN re-run check of specs/cpu-performance.md on whole networks of both spaces (one cell, and
 * a supernet with reduction stages), as mixed supernet, single path and masked sub-supernet: a graph
 * run on batch A and then on batch B gives the same loss and gradients (all weights, alphas, input) on
 * B as a freshly built graph over the same parameter arrays. BATCH mode, so that no running statistics
 * change between the runs.
 */
class SupernetRerunTest {

  enum Mode { MIXED, SINGLE_PATH, MASKED }

  static Stream<Arguments> cases() {
    List<Arguments> a = new ArrayList<>();
    SearchSpace[] spaces = {
        new Nb201Space(2, 1, 1, new long[] {1, 8, 8}, 3),   // one cell
        new Nb201Space(2, 1, 3, new long[] {1, 8, 8}, 3),   // 3 stages: cells + 2 ResNet reduction blocks
        new DartsSpace(2, 1, true, new long[] {1, 8, 8}, 3), // one (reduction) cell, 8 ops
        new DartsSpace(2, 3, false, new long[] {1, 8, 8}, 3) // normal, reduction, reduction; 7 ops
    };
    String[] names = {"NB201 one cell", "NB201 3 stages", "DARTS one cell", "DARTS 3 cells"};
    for (int i = 0; i < spaces.length; i++) {
      for (Mode m : Mode.values()) {
        a.add(Arguments.of(names[i] + ", " + m, spaces[i], m));
      }
    }
    return a.stream();
  }

  static Encoding encoding(SearchSpace space, Mode mode) {
    Encoding full = Encoding.full(space);
    switch (mode) {
      case MIXED:
        return full;
      case SINGLE_PATH:
        if (space instanceof Nb201Space) {
          return Nb201Architecture.of("nor_conv_3x3", "skip_connect", "avg_pool_3x3", "nor_conv_1x1",
              "nor_conv_3x3", "skip_connect").encoding();
        }
        return PathSampler.samplePath(full, new SplittableRandom(5));
      default:
        Encoding e = full;
        int ops = space.opCount();
        for (String g : full.groups()) {
          for (int edge = 0; edge < full.edges(g); edge += 2) {
            boolean[] row = new boolean[ops];
            row[edge % ops] = true;
            row[(edge + 2) % ops] = true;
            row[(edge + 3) % ops] = edge % 4 == 0;
            e = e.withRow(g, edge, row);
          }
        }
        return e;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("a re-used supernet graph on a new batch equals a fresh graph on that batch")
  void rerunEqualsFresh(String name, SearchSpace space, Mode mode) {
    Encoding enc = encoding(space, mode);
    Supernet net = Supernet.create(space, 17);
    SupernetGraph reused = net.graph(enc, BatchNormMode.BATCH);
    assertEquals(mode == Mode.SINGLE_PATH, reused.alphaNames().isEmpty(), "alphas only where edges mix ops");
    List<String> wrt = new ArrayList<>(reused.weightNames());
    wrt.addAll(reused.alphaNames());
    long[] shape = {4, space.inputShape()[0], space.inputShape()[1], space.inputShape()[2]};
    INDArray a = GradCheck.uniform(DataType.FLOAT, 1, shape);
    INDArray b = GradCheck.uniform(DataType.FLOAT, 2, shape);
    INDArray ya = NetCheck.labels(4, 3, 0);
    INDArray yb = NetCheck.labels(4, 3, 1);
    Pass first = reused.forwardBackward(a, ya, wrt);
    Pass second = reused.forwardBackward(b, yb, wrt);

    SupernetGraph fresh = new Supernet(space, net.parameters()).graph(enc, BatchNormMode.BATCH);
    assertFalse(fresh == reused);
    Pass ref = fresh.forwardBackward(b.dup(), yb.dup(), wrt);

    assertTrue(Math.abs(first.loss() - second.loss()) > 1e-7, "the two batches should give different losses");
    GradCheck.assertRerunEqual(all(ref), all(second), name);
  }

  private static Map<String, INDArray> all(Pass p) {
    Map<String, INDArray> m = new LinkedHashMap<>(p.gradients());
    m.put("(loss)", INDArray.class.cast(org.nd4j.linalg.factory.Nd4j.scalar(p.loss())));
    m.put("(logits)", p.logits());
    return m;
  }
}
