package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/** Which weights a GM-NAS split compares (specs/algorithms.md A.3), checked on every weight a real network creates. */
@DisplayName("shared weights of a GM split: NB201 and DARTS space, over every weight of a built network")
class SharedForSplitTest {

  /** The names of every weight the one-shot network of a space declares. */
  private static Set<String> weightNames(SearchSpace space) {
    return new TreeSet<>(space.network(Encoding.full(space)).weights().keySet());
  }

  private static Set<String> shared(SearchSpace space, Set<String> names, String group, int edge) {
    Set<String> out = new TreeSet<>();
    for (String n : names) {
      if (space.sharedForSplit(n, group, edge)) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  @DisplayName("NB201: all cells' other edges and the ResNet blocks; not the split edge, stem or head")
  void nb201() {
    Nb201Space space = new Nb201Space(4, 2, 2, new long[] {1, 8, 8}, 3);
    Set<String> names = weightNames(space);
    Set<String> shared = shared(space, names, "cell", 3);
    for (String n : names) {
      boolean expected = n.matches("cell\\d+/edge[0-2,4-5]/.*") || n.startsWith("reduce1/");
      assertEquals(expected, shared.contains(n), n);
    }
    assertTrue(shared.contains("cell3/edge5/nor_conv_1x1/conv/w"));
    assertTrue(shared.contains("reduce1/shortcut/w"));
    assertTrue(shared.stream().anyMatch(n -> n.startsWith("reduce1/conv_a/bn/")),
        "the reduction block's affine BN is shared: " + shared);
    for (String excluded : List.of("cell0/edge3/nor_conv_3x3/conv/w", "cell2/edge3/nor_conv_1x1/conv/w", "stem/w")) {
      assertTrue(names.contains(excluded), excluded);
      assertFalse(shared.contains(excluded), excluded);
    }
    assertTrue(names.stream().filter(n -> n.startsWith("head/")).noneMatch(shared::contains));
  }

  @Test
  @DisplayName("DARTS: other edges of all cells, the split edge excluded only in cells of its type; no preprocessing")
  void darts() {
    // 3 cells: cell 0 normal, cells 1 and 2 reduction
    DartsSpace space = new DartsSpace(4, 3, false, 2, new long[] {1, 8, 8}, 3);
    Set<String> names = weightNames(space);

    Set<String> normal5 = shared(space, names, "normal", 5);
    assertTrue(normal5.contains("cell0/edge4/sep_conv_3x3/unit1/dw"));
    assertFalse(normal5.contains("cell0/edge5/sep_conv_3x3/unit1/dw"), "split edge in the normal cell");
    assertTrue(normal5.contains("cell1/edge5/sep_conv_3x3/unit1/dw"), "edge 5 of a reduction cell stays shared");
    assertTrue(normal5.contains("cell2/edge5/dil_conv_5x5/dw"));

    Set<String> reduce5 = shared(space, names, "reduce", 5);
    assertTrue(reduce5.contains("cell0/edge5/sep_conv_3x3/unit1/dw"));
    assertFalse(reduce5.contains("cell1/edge5/sep_conv_3x3/unit1/dw"));
    assertFalse(reduce5.contains("cell2/edge5/sep_conv_3x3/unit1/dw"));

    for (String n : names) {
      boolean edgeWeight = n.matches("cell\\d+/edge\\d+/.*");
      assertEquals(edgeWeight && !n.startsWith("cell0/edge5/"), normal5.contains(n), n);
      if (!edgeWeight) {
        assertTrue(n.startsWith("stem") || n.startsWith("head/") || n.matches("cell\\d+/pre[01]/.*"), n);
      }
    }
    assertTrue(names.stream().anyMatch(n -> n.startsWith("cell1/pre1/")), "preprocessing weights exist");
  }
}
