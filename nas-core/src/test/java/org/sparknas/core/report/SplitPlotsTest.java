package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The split tree and distance-matrix pictures of a few-shot result's details. */
class SplitPlotsTest {

  private static Map<String, Object> split(String parent, double[][] distances, String... children) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("supernet", parent);
    m.put("group", "cell");
    m.put("edge", 2);
    m.put("groups", List.of(List.of("skip_connect", "avg_pool_3x3"), List.of("none", "nor_conv_1x1", "nor_conv_3x3")));
    m.put("op_indices", List.of(List.of(1, 4), List.of(0, 2, 3)));
    m.put("distances", distances);
    m.put("children", List.of(children));
    m.put("restart", false);
    return m;
  }

  private static Map<String, Object> leaf(String path, double score) {
    return Map.of("subnet", path, "architecture", "|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|", "score", score);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @Test
  @DisplayName("a tree of 4 leaves and one heat map per split with distances; nothing without splits")
  void pictures() throws IOException {
    double[][] d = new double[5][5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        d[i][j] = i == j ? 0 : 0.1 * (i + j);
      }
    }
    List<Map<String, Object>> splits = new ArrayList<>(List.of(split("root", d, "0", "1"), split("0", null, "0.0", "0.1"),
        split("1", null, "1.0", "1.1")));
    Map<String, Object> details = Map.of("splits", splits, "sub_supernets",
        List.of(leaf("0.0", 0.5), leaf("0.1", 0.6), leaf("1.0", 0.7), leaf("1.1", 0.8)));
    Map<String, byte[]> pngs = SplitPlots.pngs(details);
    assertEquals(List.of("split-tree.png", "distances-root.png"), List.copyOf(pngs.keySet()));
    BufferedImage tree = decode(pngs.get("split-tree.png"));
    SplitTreeLayout.Layout layout = SplitTreeLayout.of(splits, list(details.get("sub_supernets")), SplitPlots.metrics());
    assertEquals(7, layout.boxes().size());
    assertEquals(layout.width() + "x" + layout.height(), tree.getWidth() + "x" + tree.getHeight(),
        "the canvas is sized to the tree");
    BufferedImage heat = decode(pngs.get("distances-root.png"));
    // the most distant pair is drawn darker than the diagonal
    int cell = 70;
    int margin = 130;
    int diagonal = heat.getRGB(margin + 2, margin + 2) >> 16 & 0xFF; // red: 255 at distance 0
    int far = heat.getRGB(margin + 4 * cell + 2, margin + 3 * cell + 2) >> 16 & 0xFF;
    assertEquals(255, diagonal);
    assertEquals(55, far, 1, "the largest distance gets the darkest shade");
    assertTrue(SplitPlots.pngs(Map.of("alphas", 1)).isEmpty());
  }
}
