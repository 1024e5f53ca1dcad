package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.TinySpace;

/** The random baseline splitter on the two-edge, four-op test space. */
class RandomEdgeSplitterTest {
  private static final TinySpace SPACE = new TinySpace();
  private static final String G = TinySpace.GROUP;

  private static SplitDecision split(Encoding enc, long seed) {
    return new RandomEdgeSplitter().split(null, null, enc, "test", seed);
  }

  @Test
  @DisplayName("a balanced cut of the edge's ops (2 vs 2), sorted, covering every op once; children mask exactly their group")
  void balancedPartition() {
    Encoding full = Encoding.full(SPACE);
    for (long seed = 0; seed < 20; seed++) {
      SplitDecision d = split(full, seed);
      assertEquals(2, d.opGroups().size());
      assertEquals(2, d.opGroups().get(0).size(), d.toString());
      assertEquals(2, d.opGroups().get(1).size(), d.toString());
      Set<Integer> all = new HashSet<>(d.opGroups().get(0));
      all.addAll(d.opGroups().get(1));
      assertEquals(Set.of(0, 1, 2, 3), all);
      List<Encoding> children = d.children(full);
      for (int c = 0; c < 2; c++) {
        int[] allowed = children.get(c).allowedOps(G, d.edge());
        assertEquals(d.opGroups().get(c), java.util.Arrays.stream(allowed).boxed().toList());
        assertEquals(4, children.get(c).allowedOps(G, 1 - d.edge()).length, "the other edge stays unsplit");
      }
    }
  }

  @Test
  @DisplayName("same seed, same split; seeds differ in edge or groups; only unsplit edges are chosen")
  void seededAndUnsplitOnly() {
    Encoding full = Encoding.full(SPACE);
    assertEquals(split(full, 7).opGroups(), split(full, 7).opGroups());
    assertEquals(split(full, 7).edge(), split(full, 7).edge());
    List<String> seen = new ArrayList<>();
    for (long seed = 0; seed < 20; seed++) {
      SplitDecision d = split(full, seed);
      seen.add(d.edge() + ":" + d.opGroups());
    }
    assertNotEquals(1, new HashSet<>(seen).size(), "twenty seeds gave one split: " + seen);
    Encoding edge0Split = full.withRow(G, 0, new boolean[] {true, true, false, false});
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(1, split(edge0Split, seed).edge(), "edge 0 is split already");
    }
    Encoding bothSplit = edge0Split.withRow(G, 1, new boolean[] {false, false, true, true});
    assertThrows(IllegalStateException.class, () -> split(bothSplit, 1));
    assertTrue(split(full, 3).edgeScores().isEmpty());
  }
}
