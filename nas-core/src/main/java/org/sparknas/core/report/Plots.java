package org.sparknas.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Line2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts for {@code report/}: per-epoch curves drawn from the rows of {@code metrics.jsonl}, and
 * architecture-weight trajectories with one panel per edge. In every chart a line's colour says what it
 * measures (an op, a metric, a sub-supernet: the same colour in every panel, see {@link PlotStyle}) and
 * its dash which run or sub-supernet it belongs to; the legend has one entry per colour and one per
 * dash. Epochs are whole numbers on the axis.
 * <pre>{@code
 * byte[] png = Plots.epochCurves("darts: accuracy per epoch", rows, List.of("train_accuracy", "val_accuracy"));
 * }</pre>
 */
public final class Plots {
  static {
    // charts are drawn off-screen, also on machines without a display
    System.setProperty("java.awt.headless", "true");
  }

  /** One line of a panel: what its colour stands for, what its dash stands for, its (epoch, value) points. */
  record Line(String colour, String dash, List<double[]> points) {}

  /** A panel: its y-axis label and its lines. */
  record Panel(String label, List<Line> lines) {}

  private Plots() {}

  /**
   * One line per metric over the rows that have an {@code epoch} and that metric; {@code null} when no
   * row has any of them (nothing to draw). Rows of several few-shot sub-supernets get one panel per
   * metric and one colour per sub-supernet (see {@link #histories}).
   */
  public static byte[] epochCurves(String title, List<Map<String, Object>> rows, List<String> metrics)
      throws IOException {
    JFreeChart chart = curvesChart(title, rows, metrics);
    if (chart == null) {
      return null;
    }
    int panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().size();
    return png(chart, 800, panels == 1 ? 500 : 260 * panels + 140);
  }

  static JFreeChart curvesChart(String title, List<Map<String, Object>> rows, List<String> metrics) {
    Map<String, List<Map<String, Object>>> histories = histories(rows);
    if (histories.size() == 1) {
      List<Line> lines = new ArrayList<>();
      for (String metric : metrics) {
        lines.add(new Line(metric, "", epochPoints(rows, metric)));
      }
      return chart(title, "epoch", List.of(new Panel("value", lines)), metrics);
    }
    List<Panel> panels = new ArrayList<>();
    for (String metric : metrics) {
      List<Line> lines = new ArrayList<>();
      histories.forEach((leaf, history) -> lines.add(new Line(leaf, "", epochPoints(history, metric))));
      panels.add(new Panel(metric, lines));
    }
    return chart(title, "epoch", panels, List.copyOf(histories.keySet()));
  }

  /** {@code (epoch, metric)} of every row that has both, in row order. */
  public static List<double[]> epochPoints(List<Map<String, Object>> rows, String metric) {
    List<double[]> points = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (row.get("epoch") instanceof Number e && row.get(metric) instanceof Number v) {
        points.add(new double[] {e.doubleValue(), v.doubleValue()});
      }
    }
    return points;
  }

  /**
   * The rows as supernet histories. Rows with a few-shot {@code subnet} path ({@code root}, {@code 0},
   * {@code 0.1}, ...) give one history per final sub-supernet: its ancestors' epochs, then its own,
   * named {@code sub-supernet <path>}. Other rows are one history named {@code ""}.
   */
  static Map<String, List<Map<String, Object>>> histories(List<Map<String, Object>> rows) {
    Set<String> subnets = new LinkedHashSet<>();
    rows.forEach(r -> {
      if (r.get("subnet") instanceof String s) {
        subnets.add(s);
      }
    });
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    if (subnets.isEmpty()) {
      out.put("", rows);
      return out;
    }
    for (String leaf : subnets) {
      if (subnets.stream().noneMatch(s -> !s.equals(leaf) && ancestorOrSelf(leaf, s))) {
        out.put("sub-supernet " + leaf, rows.stream()
            .filter(r -> r.get("subnet") instanceof String s && ancestorOrSelf(s, leaf)).toList());
      }
    }
    return out;
  }

  private static boolean ancestorOrSelf(String ancestor, String path) {
    return ancestor.equals("root") || path.equals(ancestor) || path.startsWith(ancestor + ".");
  }

  /**
   * One line per named series of {@code (epoch, value)} points, one colour each; {@code null} when
   * every series is empty.
   */
  public static byte[] lines(String title, String yLabel, Map<String, List<double[]>> series) throws IOException {
    return lines(title, "epoch", yLabel, series);
  }

  /** As {@link #lines(String, String, Map)} over another whole-number axis (a rank, a layer). */
  public static byte[] lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
      throws IOException {
    List<Line> lines = new ArrayList<>();
    series.forEach((name, points) -> lines.add(new Line(name, "", points)));
    JFreeChart chart = chart(title, xLabel, List.of(new Panel(yLabel, lines)), List.copyOf(series.keySet()));
    return chart == null ? null : png(chart, 800, 500);
  }

  /**
   * Architecture weights over epochs: one panel per edge of {@code group}, one line per (op, run) of
   * softmax(alpha) from the rows' {@code alphas} (as {@code metrics.jsonl} stores them); the colour is
   * the op's (its index in {@code ops}), the dash the run's or the sub-supernet's; {@code null} when no
   * row has them.
   *
   * @param runs rows of {@code metrics.jsonl} per run label ({@code darts}, {@code sddarts seed 2})
   */
  public static byte[] alphaTrajectories(String title, Map<String, List<Map<String, Object>>> runs, String group,
      List<String> ops) throws IOException {
    JFreeChart chart = alphaChart(title, runs, group, ops);
    return chart == null ? null
        : png(chart, 900, 220 * ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().size() + 160);
  }

  static JFreeChart alphaChart(String title, Map<String, List<Map<String, Object>>> runs, String group,
      List<String> ops) {
    List<List<Line>> edges = new ArrayList<>();
    runs.forEach((label, rows) -> histories(rows).forEach((leaf, history) -> {
      String dash = runs.size() > 1 ? (label + " " + leaf).strip() : leaf;
      for (Map<String, Object> row : history) {
        if (!(row.get("epoch") instanceof Number epoch) || !(row.get("alphas") instanceof Map<?, ?> alphas)
            || !(alphas.get(group) instanceof List<?> matrix)) {
          continue;
        }
        for (int e = 0; e < matrix.size(); e++) {
          while (edges.size() <= e) {
            edges.add(new ArrayList<>());
          }
          List<?> weights = (List<?>) matrix.get(e);
          for (int o = 0; o < weights.size(); o++) {
            point(edges.get(e), ops.get(o), dash, epoch.doubleValue(), ((Number) weights.get(o)).doubleValue());
          }
        }
      }
    }));
    List<Panel> panels = new ArrayList<>();
    for (int e = 0; e < edges.size(); e++) {
      panels.add(new Panel(group + " edge " + e, edges.get(e)));
    }
    return chart(title, "epoch", panels, ops);
  }

  /** Adds a point to the line of {@code (colour, dash)}, starting that line if needed. */
  private static void point(List<Line> lines, String colour, String dash, double x, double y) {
    for (Line l : lines) {
      if (l.colour().equals(colour) && l.dash().equals(dash)) {
        l.points().add(new double[] {x, y});
        return;
      }
    }
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {x, y});
    lines.add(new Line(colour, dash, points));
  }

  /**
   * Panels stacked over one whole-number axis ({@code xLabel}: epochs, mostly). A line's colour is that of its colour
   * key's position in {@code colours}, its dash that of its dash key in order of first appearance; the
   * legend lists the colour keys drawn, then (when there are several) the dash keys. {@code null} when
   * no panel has a point.
   */
  static JFreeChart chart(String title, String xLabel, List<Panel> panels, List<String> colours) {
    NumberAxis epoch = new NumberAxis(xLabel);
    epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epoch.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epoch);
    plot.setGap(8);
    Set<String> coloursDrawn = new LinkedHashSet<>();
    List<String> dashes = new ArrayList<>();
    for (Panel panel : panels) {
      XYSeriesCollection data = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      for (Line line : panel.lines()) {
        if (line.points().isEmpty()) {
          continue;
        }
        if (!dashes.contains(line.dash())) {
          dashes.add(line.dash());
        }
        XYSeries s = new XYSeries(line.colour() + " / " + line.dash());
        line.points().forEach(p -> s.add(p[0], p[1]));
        int i = data.getSeriesCount();
        data.addSeries(s);
        renderer.setSeriesPaint(i, PlotStyle.colour(colours.indexOf(line.colour())));
        renderer.setSeriesStroke(i, PlotStyle.dash(dashes.indexOf(line.dash())));
        renderer.setSeriesShapesVisible(i, line.points().size() == 1); // a lone point is no line
        coloursDrawn.add(line.colour());
      }
      if (data.getSeriesCount() == 0) {
        continue;
      }
      NumberAxis value = new NumberAxis(panel.label());
      value.setAutoRangeIncludesZero(false); // alphas move little: show the movement, not the distance to 0
      value.setNumberFormatOverride(new DecimalFormat("0.0#####")); // 0.20025, not 2.0025E-1
      value.setAutoRangeMinimumSize(1e-4); // a constant line (a gap of 0) still gets readable ticks
      XYPlot xy = new XYPlot(data, null, value, renderer);
      xy.setBackgroundPaint(Color.WHITE);
      xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
      xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
      plot.add(xy);
    }
    if (plot.getSubplots().isEmpty()) {
      return null;
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    LegendItemCollection items = new LegendItemCollection();
    Line2D swatch = new Line2D.Double(-12, 0, 12, 0);
    for (String c : colours) {
      if (coloursDrawn.contains(c)) {
        items.add(new LegendItem(c, null, null, null, swatch, new BasicStroke(3f), PlotStyle.colour(colours.indexOf(c))));
      }
    }
    if (dashes.size() > 1) {
      for (int j = 0; j < dashes.size(); j++) {
        items.add(new LegendItem(dashes.get(j), null, null, null, swatch, PlotStyle.dash(j), Color.DARK_GRAY));
      }
    }
    LegendTitle legend = new LegendTitle(() -> items);
    legend.setPosition(RectangleEdge.BOTTOM);
    chart.addSubtitle(legend);
    return chart;
  }

  /** One point per pair {@code (x[i], y[i])}, e.g. ground-truth accuracy against a supernet's score. */
  public static byte[] scatter(String title, String xLabel, String yLabel, double[] x, double[] y) throws IOException {
    XYSeries series = new XYSeries("architectures", false, true);
    for (int i = 0; i < x.length; i++) {
      series.add(x[i], y[i]);
    }
    JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, new XYSeriesCollection(series),
        PlotOrientation.VERTICAL, false, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    // all points on one value (an untrained supernet scores every path alike) still get a readable axis
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeMinimumSize(0.02);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeMinimumSize(0.02);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setSeriesPaint(0, PlotStyle.colour(0));
    plot.setRenderer(renderer);
    return png(chart, 800, 500);
  }

  /**
   * One bar per group at its mean with a whisker of its spread, e.g. test accuracy per search method
   * over seeds (mean and standard deviation).
   *
   * @param groups per group {@code {mean, spread}}, in display order
   */
  public static byte[] meanWithSpread(String title, String yLabel, Map<String, double[]> groups) throws IOException {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    groups.forEach((name, v) -> data.add(v[0], v[1], yLabel, name));
    JFreeChart chart = ChartFactory.createBarChart(title, null, yLabel, data, PlotOrientation.VERTICAL, false, false,
        false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    StatisticalBarRenderer renderer = new StatisticalBarRenderer();
    renderer.setSeriesPaint(0, new Color(31, 119, 180));
    renderer.setErrorIndicatorPaint(Color.BLACK);
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return png(chart, 800, 500);
  }

  private static byte[] png(JFreeChart chart, int width, int height) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, width, height);
    return png.toByteArray();
  }
}
