package org.sparknas.spaces.hytra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.BlockPath;

/** The stay-or-halve rules and the counts of specs/algorithms.md B.2. */
class HytraPathsTest {

  @Test
  @DisplayName("paths from levels 3, 2, 1, 0 number 51, 99, 80, 16 (the reference's restricted_path)")
  void countsPerStartingLevel() {
    int[] expected = {16, 80, 99, 51};
    for (int level = 0; level < HytraOp.LEVELS; level++) {
      List<BlockPath> paths = HytraPaths.paths(level, 4, HytraOp.LEVELS - 1);
      assertEquals(expected[level], paths.size(), "from level " + level);
      assertEquals(paths.size(), new HashSet<>(paths).size(), "distinct");
    }
  }

  @Test
  @DisplayName("block 0's 51 paths hold the reference's entries and nothing that skips or up-samples")
  void blockZeroMembers() {
    List<BlockPath> block0 = HytraPaths.candidates(0, List.of(), 4);
    assertEquals(51, block0.size());
    for (String p : new String[] {"4200", "4331", "5555", "5421", "5444", "5554", "4444"}) {
      assertTrue(block0.contains(BlockPath.parse(p)), p);
    }
    for (String p : new String[] {"3000", "5553", "4445", "5550", "5520"}) {
      assertFalse(block0.contains(BlockPath.parse(p)), p);
    }
  }

  @Test
  @DisplayName("the whole space has 1,663,488 architectures, by level counting and by enumerating the candidate sets")
  void wholeSpace() {
    assertEquals(1_663_488L, HytraPaths.count(4));
    assertEquals(1_663_488L, enumerate(new ArrayList<>()));
  }

  private static long enumerate(List<BlockPath> chosen) {
    if (chosen.size() == HytraPaths.BLOCKS) {
      return 1;
    }
    long n = 0;
    for (BlockPath p : HytraPaths.candidates(chosen.size(), chosen, 4)) {
      chosen.add(p);
      n += enumerate(chosen);
      chosen.remove(chosen.size() - 1);
    }
    return n;
  }

  @Test
  @DisplayName("later blocks drop the high resolutions: after 5555 block 1 must halve first; blocks 2, 3 run levels 0..1")
  void blockCaps() {
    List<BlockPath> after5555 = HytraPaths.candidates(1, List.of(BlockPath.parse("5555")), 4);
    assertEquals(35, after5555.size());
    assertTrue(after5555.stream().allMatch(p -> p.op(0) == HytraOp.RES_CONV_2.index()));

    List<BlockPath> chosen = List.of(BlockPath.parse("5444"), BlockPath.parse("4444"));
    List<BlockPath> block2 = HytraPaths.candidates(2, chosen, 4);
    assertEquals(2 * 32, block2.size());  // halve to level 1 (2 ops), then 32 three-layer paths within levels 0..1
    assertTrue(block2.stream().allMatch(p -> p.ops().length == 4 && java.util.Arrays.stream(p.ops()).allMatch(o -> o <= 3)));
    assertEquals(80, HytraPaths.candidates(2, List.of(BlockPath.parse("5433"), BlockPath.parse("3333")), 4).size());
    assertEquals(16, HytraPaths.candidates(3, List.of(BlockPath.parse("5433"), BlockPath.parse("3230"),
        BlockPath.parse("0010")), 4).size());
  }

  @Test
  @DisplayName("blocks instantiate ops 0..5, 0..4, 0..3, 0..3")
  void opsPerBlock() {
    assertEquals(List.of(6, 5, 4, 4), java.util.stream.IntStream.range(0, 4).map(b -> HytraPaths.ops(b).size()).boxed()
        .toList());
    assertEquals(HytraOp.RES_CONV_2, HytraPaths.ops(1).get(4));
  }

  @Test
  @DisplayName("ResAtt exists only at the two lowest levels, ResConv at all four")
  void attentionLevels() {
    for (HytraOp op : HytraOp.values()) {
      assertTrue(!op.attention() || op.level() <= 1, op.toString());
    }
    for (int level = 0; level < HytraOp.LEVELS; level++) {
      int l = level;
      assertEquals(1, java.util.Arrays.stream(HytraOp.values()).filter(o -> !o.attention() && o.level() == l).count());
    }
  }

  @Test
  @DisplayName("with 2 layers per block the rules still give a non-empty candidate set everywhere")
  void shallowBlocks() {
    assertEquals(HytraPaths.count(2), enumerateShallow(new ArrayList<>()));
    assertTrue(HytraPaths.count(2) > 0);
  }

  private static long enumerateShallow(List<BlockPath> chosen) {
    if (chosen.size() == HytraPaths.BLOCKS) {
      return 1;
    }
    long n = 0;
    List<BlockPath> candidates = HytraPaths.candidates(chosen.size(), chosen, 2);
    assertFalse(candidates.isEmpty(), "block " + chosen.size() + " after " + chosen);
    for (BlockPath p : candidates) {
      chosen.add(p);
      n += enumerateShallow(chosen);
      chosen.remove(chosen.size() - 1);
    }
    return n;
  }
}
