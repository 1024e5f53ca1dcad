package org.sparknas.core.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.TinySpace;

/** Which arm member scores a path: the one whose mask allows every op the path uses. */
class RankStudyTest {
  private static final String G = TinySpace.GROUP;

  @Test
  @DisplayName("the full mask admits every path; a split child only the paths with its op on the split edge")
  void admits() {
    Encoding all = Encoding.full(new TinySpace());
    Encoding convOnEdge0 = all.withRow(G, 0, new boolean[] {false, false, true, false});
    for (int op0 = 0; op0 < 4; op0++) {
      for (int op1 = 0; op1 < 4; op1++) {
        Encoding path = TinySpace.path(op0, op1);
        assertTrue(SupernetArm.admits(all, path));
        assertEquals(op0 == 2, SupernetArm.admits(convOnEdge0, path), "path " + op0 + "," + op1);
      }
    }
    Encoding dropped = all.withRow(G, 1, new boolean[4]);
    assertFalse(SupernetArm.admits(dropped, TinySpace.path(1, 1)), "an edge the mask drops admits no op");
  }
}
