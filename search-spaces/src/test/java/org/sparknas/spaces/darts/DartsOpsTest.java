package org.sparknas.spaces.darts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.InvalidArchitectureException;

class DartsOpsTest {

  @Test
  @DisplayName("op lists with and without none")
  void opLists() {
    assertEquals(List.of("none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
        "dil_conv_3x3", "dil_conv_5x5"), DartsOps.list(true));
    assertEquals(DartsOps.list(true).subList(1, 8), DartsOps.list(false));
    assertEquals(3, DartsOps.index(DartsOps.WITHOUT_NONE, "sep_conv_3x3"));
    String msg = assertThrows(InvalidArchitectureException.class,
        () -> DartsOps.index(DartsOps.WITHOUT_NONE, "none")).getMessage();
    assertTrue(msg.contains("'none'") && msg.contains(DartsOps.WITHOUT_NONE.toString()), msg);
    assertEquals(List.of("normal", "reduce"), DartsOps.GROUPS);
  }

  @Test
  @DisplayName("edge rows: node k at offsets 0, 2, 5, 9 plus input j")
  void edges() {
    int e = 0;
    for (int node = 0; node < 4; node++) {
      assertEquals(new int[] {0, 2, 5, 9}[node], DartsOps.offset(node));
      for (int input = 0; input <= node + 1; input++, e++) {
        assertEquals(e, DartsOps.edgeIndex(node, input));
        assertEquals(node, DartsOps.node(e));
        assertEquals(input, DartsOps.input(e));
      }
    }
    assertEquals(14, e);
    assertEquals(8, DartsOps.edgeIndex(2, 3));
    assertThrows(IllegalArgumentException.class, () -> DartsOps.edgeIndex(1, 3));
    assertThrows(IllegalArgumentException.class, () -> DartsOps.edgeIndex(4, 0));
    assertThrows(IllegalArgumentException.class, () -> DartsOps.node(14));
  }
}
