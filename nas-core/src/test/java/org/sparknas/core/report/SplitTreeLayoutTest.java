package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The split tree's boxes never overlap and never leave the canvas, however long the architectures. */
class SplitTreeLayoutTest {
  private static final String GENOTYPE = "Genotype(normal=[('sep_conv_5x5', 0), ('max_pool_3x3', 1), "
      + "('dil_conv_5x5', 0), ('avg_pool_3x3', 2), ('dil_conv_5x5', 1), ('avg_pool_3x3', 3), ('avg_pool_3x3', 4), "
      + "('avg_pool_3x3', 0)], normal_concat=[2, 3, 4, 5], reduce=[('sep_conv_5x5', 1), ('avg_pool_3x3', 0), "
      + "('sep_conv_5x5', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 1), ('avg_pool_3x3', 3), ('sep_conv_5x5', 4), "
      + "('sep_conv_5x5', 2)], reduce_concat=[2, 3, 4, 5])";
  private static final String NB201 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|nor_conv_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|";

  /** A full binary tree of {@code levels} splits; the parents' groups are 4 long op names, like the DARTS space's. */
  private static List<Map<String, Object>> splits(int levels) {
    List<Map<String, Object>> splits = new ArrayList<>();
    List<String> frontier = List.of("root");
    for (int l = 0; l < levels; l++) {
      List<String> next = new ArrayList<>();
      for (String p : frontier) {
        String prefix = p.equals("root") ? "" : p + ".";
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("supernet", p);
        s.put("group", "normal");
        s.put("edge", 13);
        s.put("groups", List.of(List.of("max_pool_3x3", "avg_pool_3x3", "sep_conv_5x5"),
            List.of("skip_connect", "sep_conv_3x3", "dil_conv_3x3", "dil_conv_5x5")));
        s.put("children", List.of(prefix + "0", prefix + "1"));
        s.put("restart", l == levels - 1);
        splits.add(s);
        next.add(prefix + "0");
        next.add(prefix + "1");
      }
      frontier = next;
    }
    return splits;
  }

  private static List<Map<String, Object>> leaves(List<Map<String, Object>> splits, String architecture) {
    List<Map<String, Object>> leaves = new ArrayList<>();
    List<String> parents = splits.stream().map(s -> (String) s.get("supernet")).toList();
    for (Map<String, Object> s : splits) {
      for (Object c : (List<?>) s.get("children")) {
        if (!parents.contains(c)) {
          leaves.add(Map.of("subnet", c, "architecture", architecture, "score", 0.25));
        }
      }
    }
    return leaves;
  }

  private static void assertDisjointAndInside(SplitTreeLayout.Layout layout, int boxes) {
    List<SplitTreeLayout.Box> all = List.copyOf(layout.boxes().values());
    assertEquals(boxes, all.size());
    Rectangle canvas = new Rectangle(0, 0, layout.width(), layout.height());
    for (int i = 0; i < all.size(); i++) {
      Rectangle a = all.get(i).bounds();
      assertTrue(canvas.contains(a), all.get(i).path() + " " + a + " leaves the canvas " + canvas);
      for (int j = i + 1; j < all.size(); j++) {
        assertFalse(a.intersects(all.get(j).bounds()), all.get(i).path() + " overlaps " + all.get(j).path());
      }
    }
  }

  @Test
  @DisplayName("DARTS space, 3 splits: 15 boxes with wrapped genotypes, none overlapping, all on the canvas")
  void dartsTree() {
    List<Map<String, Object>> splits = splits(3);
    SplitTreeLayout.Layout layout = SplitTreeLayout.of(splits, leaves(splits, GENOTYPE), SplitPlots.metrics());
    assertDisjointAndInside(layout, 15);
    SplitTreeLayout.Box leaf = layout.boxes().get("1.1.1");
    assertEquals(GENOTYPE, String.join("", leaf.lines().subList(2, leaf.lines().size())), "the whole genotype, wrapped");
    // a child sits below its parent, and each level is one row
    assertTrue(layout.boxes().get("0").bounds().y > layout.boxes().get("root").bounds().getMaxY());
    assertEquals(layout.boxes().get("0.0.0").bounds().y, layout.boxes().get("1.1.1").bounds().y);
  }

  @Test
  @DisplayName("NAS-Bench-201, 2 splits: one cell node per line; the picture is the layout's size")
  void nb201Tree() throws Exception {
    List<Map<String, Object>> splits = splits(2);
    List<Map<String, Object>> leaves = leaves(splits, NB201);
    SplitTreeLayout.Layout layout = SplitTreeLayout.of(splits, leaves, SplitPlots.metrics());
    assertDisjointAndInside(layout, 7);
    assertEquals(List.of("0.1", "val acc 0.2500", "|nor_conv_3x3~0|+", "|nor_conv_3x3~0|nor_conv_1x1~1|+",
        "|nor_conv_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|"), layout.boxes().get("0.1").lines());
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(SplitPlots.tree(splits, leaves)));
    assertEquals(layout.width(), png.getWidth());
    assertEquals(layout.height(), png.getHeight());
  }

  @Test
  @DisplayName("wrap: lines within the width, broken between op tuples, never inside one; nothing lost")
  void wrap() {
    List<String> lines = SplitTreeLayout.wrap(GENOTYPE, 46);
    assertEquals(GENOTYPE, String.join("", lines));
    for (String line : lines) {
      assertTrue(line.stripTrailing().length() <= 46, line);
      assertFalse(line.stripTrailing().endsWith("',"), "broken inside a tuple: " + line);
    }
    assertEquals(List.of("Genotype(normal=[('sep_conv_5x5', 0), ", "('max_pool_3x3', 1), ('dil_conv_5x5', 0), "),
        lines.subList(0, 2));
    assertEquals(List.of("abcd", "efg"), SplitTreeLayout.wrap("abcdefg", 4), "a piece longer than a line is cut");
  }
}
