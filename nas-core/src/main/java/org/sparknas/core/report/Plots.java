package org.sparknas.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts for {@code report/}: per-epoch curves drawn from the rows of {@code metrics.jsonl}.
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
    XYSeriesCollection data = new XYSeriesCollection();
    for (String metric : metrics) {
      XYSeries series = new XYSeries(metric);
      for (Map<String, Object> row : rows) {
        if (row.get("epoch") instanceof Number e && row.get(metric) instanceof Number v) {
          series.add(e.doubleValue(), v.doubleValue());
        }
      }
      if (series.getItemCount() > 0) {
        data.addSeries(series);
      }
    }
    if (data.getSeriesCount() == 0) {
      return null;
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "value", data, PlotOrientation.VERTICAL,
        true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
    }
    return png(chart);
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
    return png(chart);
  }

  private static byte[] png(JFreeChart chart) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, 800, 500);
    return png.toByteArray();
  }
}
