package org.sparknas.spaces.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.InvalidArchitectureException;

class Nb201OpsTest {

  @Test
  @DisplayName("ops are in alpha column order and look up by name")
  void opOrder() {
    assertEquals(List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"), Nb201Ops.NAMES);
    for (int i = 0; i < Nb201Ops.NAMES.size(); i++) {
      assertEquals(i, Nb201Ops.index(Nb201Ops.NAMES.get(i)));
      assertEquals(Nb201Ops.NAMES.get(i), Nb201Ops.name(i));
    }
    String msg = assertThrows(InvalidArchitectureException.class, () -> Nb201Ops.index("conv_3x3")).getMessage();
    assertTrue(msg.contains("'conv_3x3'") && msg.contains(Nb201Ops.NAMES.toString()), msg);
  }

  @Test
  @DisplayName("edge order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2")
  void edgeOrder() {
    for (int e = 0; e < Nb201Ops.EDGES; e++) {
      String key = Nb201Ops.target(e) + "<-" + Nb201Ops.source(e);
      assertEquals(Nb201Ops.EDGE_NAMES.get(e), key);
      assertEquals(e, Nb201Ops.edge(Nb201Ops.target(e), Nb201Ops.source(e)));
    }
    assertEquals(List.of("1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2"), Nb201Ops.EDGE_NAMES);
    assertThrows(IllegalArgumentException.class, () -> Nb201Ops.edge(2, 2));
    assertThrows(IllegalArgumentException.class, () -> Nb201Ops.target(6));
    assertEquals("cell", Nb201Ops.GROUP);
  }
}
