package org.sparknas.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts for {@code report/}: per-epoch curves drawn from the rows of {@code metrics.jsonl}, and
 * architecture-weight trajectories with one panel per edge.
 * <pre>{@code
 * byte[] png = Plots.epochCurves("darts: accuracy per epoch", rows, List.of("train_accuracy", "val_accuracy"));
 * }</pre>
 */
public final class Plots {
  static {
    // charts are drawn off-screen, also on machines without a display
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /**
   * One line per metric over the rows that have an {@code epoch} and that metric; {@code null} when no
   * row has any of them (nothing to draw).
   */
  public static byte[] epochCurves(String title, List<Map<String, Object>> rows, List<String> metrics)
      throws IOException {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String metric : metrics) {
      series.put(metric, epochPoints(rows, metric));
    }
    return lines(title, "value", series);
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

  /** One line per named series of {@code (epoch, value)} points; {@code null} when every series is empty. */
  public static byte[] lines(String title, String yLabel, Map<String, List<double[]>> series) throws IOException {
    XYSeriesCollection data = collection(series);
    if (data.getSeriesCount() == 0) {
      return null;
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data, PlotOrientation.VERTICAL,
        true, false, false);
    style(chart.getXYPlot());
    return png(chart, 800, 500);
  }

  /**
   * Architecture weights over epochs: one panel per edge of {@code group}, one line per (run, op) of
   * softmax(alpha) from the rows' {@code alphas} (as {@code metrics.jsonl} stores them); {@code null}
   * when no row has them.
   *
   * @param runs rows of {@code metrics.jsonl} per run label ({@code darts}, {@code sddarts seed 2})
   */
  public static byte[] alphaTrajectories(String title, Map<String, List<Map<String, Object>>> runs, String group,
      List<String> ops) throws IOException {
    List<Map<String, List<double[]>>> edges = new ArrayList<>();
    runs.forEach((label, rows) -> {
      for (Map<String, Object> row : rows) {
        if (!(row.get("epoch") instanceof Number epoch) || !(row.get("alphas") instanceof Map<?, ?> alphas)
            || !(alphas.get(group) instanceof List<?> matrix)) {
          continue;
        }
        for (int e = 0; e < matrix.size(); e++) {
          while (edges.size() <= e) {
            edges.add(new LinkedHashMap<>());
          }
          List<?> weights = (List<?>) matrix.get(e);
          for (int o = 0; o < weights.size(); o++) {
            edges.get(e).computeIfAbsent(label + " " + ops.get(o), k -> new ArrayList<>())
                .add(new double[] {epoch.doubleValue(), ((Number) weights.get(o)).doubleValue()});
          }
        }
      }
    });
    if (edges.isEmpty()) {
      return null;
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("epoch"));
    for (int e = 0; e < edges.size(); e++) {
      NumberAxis weight = new NumberAxis(group + " edge " + e);
      weight.setAutoRangeIncludesZero(false); // alphas move little: show the movement, not the distance to 0
      XYPlot panel = new XYPlot(collection(edges.get(e)), null, weight, new XYLineAndShapeRenderer(true, false));
      style(panel);
      plot.add(panel);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, 900, 220 * edges.size() + 120);
  }

  private static XYSeriesCollection collection(Map<String, List<double[]>> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach((name, points) -> {
      XYSeries s = new XYSeries(name);
      points.forEach(p -> s.add(p[0], p[1]));
      if (s.getItemCount() > 0) {
        data.addSeries(s);
      }
    });
    return data;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
      plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
    }
  }

  /** One point per pair {@code (x[i], y[i])}, e.g. ground-truth accuracy against a supernet's score. */
  public static byte[] scatter(String title, String xLabel, String yLabel, double[] x, double[] y) throws IOException {
    XYSeries series = new XYSeries("architectures", false, true);
    for (int i = 0; i < x.length; i++) {
      series.add(x[i], y[i]);
    }
    JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, new XYSeriesCollection(series),
        PlotOrientation.VERTICAL, false, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setSeriesPaint(0, new Color(31, 119, 180));
    plot.setRenderer(renderer);
    return png(chart, 800, 500);
  }

  private static byte[] png(JFreeChart chart, int width, int height) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, width, height);
    return png.toByteArray();
  }
}
