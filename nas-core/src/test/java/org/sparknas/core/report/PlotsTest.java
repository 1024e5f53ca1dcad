package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlotsTest {

  @Test
  @DisplayName("epoch curves render to an 800x500 PNG; rows without the metrics give no chart")
  void rendersPng() throws Exception {
    List<Map<String, Object>> rows = List.of(Map.of("epoch", 1, "val_accuracy", 0.5),
        Map.of("epoch", 2, "val_accuracy", 0.7), Map.of("phase", "rsps/candidates"));
    byte[] png = Plots.epochCurves("test", rows, List.of("val_accuracy", "train_accuracy"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() == 800 && image.getHeight() == 500);
    assertNull(Plots.epochCurves("none", rows, List.of("sharpness")));
  }

  @Test
  @DisplayName("alpha trajectories: one panel per edge (taller image for more edges); rows without alphas give none")
  void alphaTrajectories() throws Exception {
    // as metrics.jsonl stores them: group -> edges -> softmax weights
    List<Map<String, Object>> rows = List.of(
        Map.of("epoch", 1, "alphas", Map.of("cell", List.of(List.of(0.5, 0.5), List.of(0.4, 0.6), List.of(0.9, 0.1)))),
        Map.of("epoch", 2, "alphas", Map.of("cell", List.of(List.of(0.3, 0.7), List.of(0.2, 0.8), List.of(0.95, 0.05)))));
    byte[] png = Plots.alphaTrajectories("alphas", Map.of("darts", rows, "sddarts", rows), "cell",
        List.of("none", "skip_connect"));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() == 900 && image.getHeight() == 220 * 3 + 160, image.getWidth() + "x" + image.getHeight());
    assertNull(Plots.alphaTrajectories("alphas", Map.of("darts", List.of(Map.of("epoch", 1))), "cell", List.of("a")));
  }

  private static List<Map<String, Object>> alphaRows(double shift) {
    return List.of(
        Map.of("epoch", 1, "alphas", Map.of("cell", List.of(List.of(0.5, 0.2, 0.3), List.of(0.4, 0.6, 0.0)))),
        Map.of("epoch", 2, "alphas", Map.of("cell", List.of(List.of(0.3 + shift, 0.4, 0.3), List.of(0.2, 0.8, 0.0)))),
        Map.of("epoch", 3, "alphas", Map.of("cell", List.of(List.of(0.1 + shift, 0.6, 0.3), List.of(0.1, 0.9, 0.0)))));
  }

  /** Each panel's lines: the op its series key names (before " / ") and the colour it is drawn in. */
  private static Map<String, Paint> opColours(XYPlot panel) {
    Map<String, Paint> m = new LinkedHashMap<>();
    for (int i = 0; i < panel.getDataset().getSeriesCount(); i++) {
      String op = panel.getDataset().getSeriesKey(i).toString().split(" / ")[0];
      Paint p = panel.getRenderer().getSeriesPaint(i);
      Paint before = m.put(op, p);
      assertTrue(before == null || before.equals(p), op + " has two colours in one panel");
    }
    return m;
  }

  @Test
  @DisplayName("alphas: each op has one colour in every panel, fixed by its index; one legend entry per op and per run")
  void oneColourPerOp() {
    List<String> ops = List.of("none", "skip_connect", "nor_conv_3x3");
    Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
    runs.put("darts", alphaRows(0));
    runs.put("sddarts", alphaRows(0.05));
    JFreeChart chart = Plots.alphaChart("alphas", runs, "cell", ops);
    List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    assertEquals(2, panels.size());
    for (XYPlot panel : panels) {
      assertEquals(6, panel.getDataset().getSeriesCount(), "3 ops x 2 runs");
      opColours(panel).forEach((op, paint) -> assertEquals(PlotStyle.colour(ops.indexOf(op)), paint, op));
    }
    List<String> legend = new ArrayList<>();
    LegendTitle title = (LegendTitle) chart.getSubtitle(0);
    for (LegendItemSource source : title.getSources()) {
      for (int i = 0; i < source.getLegendItems().getItemCount(); i++) {
        legend.add(source.getLegendItems().get(i).getLabel());
      }
    }
    assertEquals(List.of("none", "skip_connect", "nor_conv_3x3", "darts", "sddarts"), legend);
    // a run of its own: the legend is the ops alone, colours the same as above
    JFreeChart alone = Plots.alphaChart("alphas", Map.of("darts", alphaRows(0)), "cell", ops);
    XYPlot first = ((CombinedDomainXYPlot) alone.getXYPlot()).getSubplots().get(0);
    opColours(first).forEach((op, paint) -> assertEquals(PlotStyle.colour(ops.indexOf(op)), paint, op));
    assertEquals(3, ((LegendTitle) alone.getSubtitle(0)).getSources()[0].getLegendItems().getItemCount());
  }

  @Test
  @DisplayName("the epoch axis ticks whole epochs")
  void integerEpochTicks() {
    JFreeChart chart = Plots.curvesChart("acc", List.of(Map.of("epoch", 1, "val_accuracy", 0.5),
        Map.of("epoch", 2, "val_accuracy", 0.6), Map.of("epoch", 3, "val_accuracy", 0.7)), List.of("val_accuracy"));
    chart.createBufferedImage(800, 500); // ticks are chosen when the chart is drawn
    NumberAxis epoch = (NumberAxis) chart.getXYPlot().getDomainAxis();
    double unit = epoch.getTickUnit().getSize();
    assertTrue(unit >= 1 && unit == Math.rint(unit), "tick unit " + unit);
  }

  @Test
  @DisplayName("few-shot rows: a panel per metric, a colour per final sub-supernet (its ancestors' epochs, then its own)")
  void fewShotHistories() {
    List<Map<String, Object>> rows = List.of(
        Map.of("epoch", 1, "subnet", "root", "val_accuracy", 0.3, "train_loss", 2.0),
        Map.of("epoch", 2, "subnet", "0", "val_accuracy", 0.4, "train_loss", 1.8),
        Map.of("epoch", 2, "subnet", "1", "val_accuracy", 0.5, "train_loss", 1.7),
        Map.of("epoch", 3, "subnet", "0", "val_accuracy", 0.45, "train_loss", 1.6),
        Map.of("epoch", 3, "subnet", "1", "val_accuracy", 0.55, "train_loss", 1.5));
    Map<String, List<Map<String, Object>>> h = Plots.histories(rows);
    assertEquals(List.of("sub-supernet 0", "sub-supernet 1"), List.copyOf(h.keySet()));
    assertEquals(List.of(0.3, 0.5, 0.55), h.get("sub-supernet 1").stream().map(r -> r.get("val_accuracy")).toList());
    JFreeChart chart = Plots.curvesChart("few-shot", rows, List.of("val_accuracy", "train_loss"));
    List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    assertEquals(2, panels.size());
    for (XYPlot panel : panels) {
      assertEquals(Map.of("sub-supernet 0", PlotStyle.colour(0), "sub-supernet 1", PlotStyle.colour(1)),
          opColours(panel));
    }
  }

  @Test
  @DisplayName("a scatter plot renders to an 800x500 PNG with its points drawn")
  void scatter() throws Exception {
    byte[] png = Plots.scatter("one-shot", "ground truth", "score", new double[] {0.1, 0.5, 0.9},
        new double[] {0.2, 0.4, 0.8});
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() == 800 && image.getHeight() == 500);
    int pointPixels = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        pointPixels += (image.getRGB(x, y) & 0xFFFFFF) == 0x1F77B4 ? 1 : 0;
      }
    }
    assertTrue(pointPixels > 0, "no point drawn");
  }
}
