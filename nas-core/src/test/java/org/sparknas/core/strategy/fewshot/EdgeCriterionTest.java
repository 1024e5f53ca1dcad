package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GM-NAS edge selection (A.4): distances -> best cut -> edge, both criteria, tie rules")
class EdgeCriterionTest {

  /** Scores of the edges whose distance matrices are given, under a criterion. */
  private static List<Double> scores(EdgeCriterion c, double[][]... edges) {
    return java.util.Arrays.stream(edges).map(d -> c.score(OpPartitions.minWithin(d))).toList();
  }

  @Test
  @DisplayName("the edge whose ops' gradients conflict (two far-apart groups) is split under both criteria")
  void conflictingEdgeIsChosen() {
    // edge 0: every op about equally far from every other; edge 1: {0, 4} vs {1, 2, 3} conflict;
    // edge 2: uniform but closer
    double[][] uniform = OpPartitionsTest.planted(5, new int[] {0, 1}, 0.6, 0.6);
    double[][] conflict = OpPartitionsTest.planted(5, new int[] {0, 4}, 0.05, 1.8);
    double[][] close = OpPartitionsTest.planted(5, new int[] {0, 1}, 0.2, 0.2);
    assertEquals(1, EdgeCriterion.MAX_CUT.choose(scores(EdgeCriterion.MAX_CUT, uniform, conflict, close)));
    assertEquals(1, EdgeCriterion.MIN_WITHIN.choose(scores(EdgeCriterion.MIN_WITHIN, uniform, conflict, uniform)));
    assertEquals(List.of(0, 4), OpPartitions.minWithin(conflict).groupA());
  }

  @Test
  @DisplayName("max-cut: C = total - W_min, argmax strict > from 0: ties and all-zero keep the lowest edge")
  void maxCutTies() {
    assertEquals(6 * 1.8, scores(EdgeCriterion.MAX_CUT, OpPartitionsTest.planted(5, new int[] {0, 4}, 0.05, 1.8))
        .get(0), 1e-12);
    assertEquals(1, EdgeCriterion.MAX_CUT.choose(List.of(0.5, 2.0, 2.0)));
    assertEquals(0, EdgeCriterion.MAX_CUT.choose(List.of(0.0, 0.0)));
  }

  @Test
  @DisplayName("min-within: W_min, argmin strict < from 10000: ties keep the lowest edge")
  void minWithinTies() {
    assertEquals(0, EdgeCriterion.MIN_WITHIN.choose(List.of(1.0, 1.0, 3.0)));
    assertEquals(2, EdgeCriterion.MIN_WITHIN.choose(List.of(1.0, 1.0, 0.5)));
    assertEquals(0, EdgeCriterion.MIN_WITHIN.choose(List.of(20_000.0, 30_000.0)));
  }

  @Test
  @DisplayName("config names round-trip; an unknown one lists the valid ones")
  void names() {
    for (EdgeCriterion c : EdgeCriterion.values()) {
      assertEquals(c, EdgeCriterion.of(c.configName()));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EdgeCriterion.of("cut"));
    assertEquals("unknown edge criterion 'cut', expected one of [max-cut, min-within]", e.getMessage());
  }
}
