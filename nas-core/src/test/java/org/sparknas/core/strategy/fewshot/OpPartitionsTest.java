package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GM-NAS op partitions (A.4): enumeration, min within-group distance, tie rules")
class OpPartitionsTest {

  @Test
  @DisplayName("K=5 (NB201): the 10 pairs (i<j) in lexicographic order, as the reference's mincut_split_201")
  void nb201Pairs() {
    List<int[]> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        expected.add(new int[] {i, j});
      }
    }
    List<int[]> got = OpPartitions.groupsA(5);
    assertEquals(10, got.size());
    for (int p = 0; p < 10; p++) {
      assertArrayEquals(expected.get(p), got.get(p), "partition " + p);
    }
  }

  @Test
  @DisplayName("K=7 (DARTS space without none): 21 pairs then 35 triples = 56, in itertools.combinations order")
  void dartsSubsets() {
    List<int[]> got = OpPartitions.groupsA(7);
    assertEquals(56, got.size());
    assertArrayEquals(new int[] {0, 1}, got.get(0));
    assertArrayEquals(new int[] {5, 6}, got.get(20));
    assertArrayEquals(new int[] {0, 1, 2}, got.get(21));
    assertArrayEquals(new int[] {0, 1, 3}, got.get(22));
    assertArrayEquals(new int[] {4, 5, 6}, got.get(55));
    assertEquals(0, OpPartitions.groupsA(3).size(), "3 ops have no split into two groups of >= 2");
  }

  @Test
  @DisplayName("the cut with the least within-group distance wins; groups are sorted, sums add up")
  void plantedCut() {
    // ops {1, 3} agree, ops {0, 2, 4} agree, everything across is far
    double[][] d = planted(5, new int[] {1, 3}, 0.1, 1.5);
    OpPartitions.Cut cut = OpPartitions.minWithin(d);
    assertEquals(List.of(1, 3), cut.groupA());
    assertEquals(List.of(0, 2, 4), cut.groupB());
    assertEquals(4 * 0.1, cut.within(), 1e-12);
    assertEquals(6 * 1.5, cut.cross(), 1e-12);
    assertEquals(cut.within() + cut.cross(), cut.total(), 1e-12);
  }

  @Test
  @DisplayName("ties: all distances equal -> the first enumerated of the tied best partitions wins (strict <)")
  void tieKeepsFirst() {
    // K=5: every pair leaves 1 + 3 pairs inside the groups, so all 10 tie and {0,1} wins
    OpPartitions.Cut five = OpPartitions.minWithin(planted(5, new int[] {0, 1}, 0.5, 0.5));
    assertEquals(List.of(0, 1), five.groupA());
    assertEquals(List.of(2, 3, 4), five.groupB());
    // K=7: 3 vs 4 leaves 3 + 6 pairs inside, fewer than 2 vs 5 (1 + 10); the first triple wins
    OpPartitions.Cut seven = OpPartitions.minWithin(planted(7, new int[] {0, 1}, 0.5, 0.5));
    assertEquals(List.of(0, 1, 2), seven.groupA());
    assertEquals(List.of(3, 4, 5, 6), seven.groupB());
  }

  @Test
  @DisplayName("an edge with fewer than 4 ops cannot be split")
  void tooFewOps() {
    assertThrows(IllegalArgumentException.class, () -> OpPartitions.minWithin(new double[3][3]));
  }

  /** Distance {@code near} inside {@code group} and inside its complement, {@code far} across. */
  static double[][] planted(int k, int[] group, double near, double far) {
    boolean[] in = new boolean[k];
    for (int g : group) {
      in[g] = true;
    }
    double[][] d = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        d[i][j] = i == j ? 0 : in[i] == in[j] ? near : far;
      }
    }
    return d;
  }
}
