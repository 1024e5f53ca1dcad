package org.sparknas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Block paths and the two BossNAS training-path samplers. */
class BlockPathSamplingTest {

  @Test
  @DisplayName("a block path prints as its digits and parses back; non-digits fail naming the position")
  void blockPathText() {
    BlockPath p = BlockPath.parse("0713");
    assertEquals("0713", p.toString());
    assertEquals(3, p.last());
    assertEquals(p, BlockPath.of(0, 7, 1, 3));
    assertTrue(assertThrows(InvalidArchitectureException.class, () -> BlockPath.parse("07a3")).getMessage()
        .contains("'a' at position 2"));
    assertThrows(InvalidArchitectureException.class, () -> BlockPath.parse(""));
    assertThrows(InvalidArchitectureException.class, () -> BlockPath.of(10));
  }

  @Test
  @DisplayName("fair: in every round each op once per layer, over 3 rounds each op 3 times per layer")
  void fair() {
    List<BlockPath> paths = BlockPathSampling.fair(5, 8, 24, new SplittableRandom(1));
    assertEquals(24, paths.size());
    for (int l = 0; l < 5; l++) {
      for (int r = 0; r < 3; r++) {
        int layer = l;
        assertEquals(8, paths.subList(8 * r, 8 * r + 8).stream().map(p -> p.op(layer)).distinct().count());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> BlockPathSampling.fair(5, 8, 4, new SplittableRandom(1)));
  }

  @Test
  @DisplayName("fair: each op is equally likely at each position of a round")
  void fairIsUniform() {
    int[][] counts = new int[4][4];   // [path position][op] at layer 0
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 8000; i++) {
      List<BlockPath> paths = BlockPathSampling.fair(1, 4, 4, rng);
      for (int j = 0; j < 4; j++) {
        counts[j][paths.get(j).op(0)]++;
      }
    }
    for (int[] row : counts) {
      for (int c : row) {
        assertEquals(2000, c, 200);
      }
    }
  }

  @Test
  @DisplayName("distinct: k different candidates, or all of them when there are fewer")
  void distinct() {
    List<BlockPath> candidates = BlockPathSampling.all(2, 3);
    List<BlockPath> four = BlockPathSampling.distinct(candidates, 4, new SplittableRandom(3));
    assertEquals(4, new HashSet<>(four).size());
    assertTrue(candidates.containsAll(four));
    List<BlockPath> all = BlockPathSampling.distinct(candidates.subList(0, 2), 4, new SplittableRandom(3));
    assertEquals(new HashSet<>(candidates.subList(0, 2)), new HashSet<>(all));
  }

  @Test
  @DisplayName("all: ops^layers paths, the first layer varying slowest")
  void all() {
    List<BlockPath> paths = BlockPathSampling.all(3, 4);
    assertEquals(64, paths.size());
    assertEquals(BlockPath.parse("000"), paths.get(0));
    assertEquals(BlockPath.parse("001"), paths.get(1));
    assertEquals(BlockPath.parse("010"), paths.get(4));
    assertEquals(BlockPath.parse("333"), paths.get(63));
  }
}
