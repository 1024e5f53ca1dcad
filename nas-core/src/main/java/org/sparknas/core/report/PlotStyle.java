package org.sparknas.core.report;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * The colours and dash patterns of the report's charts, by position: the i-th op of a space (or the
 * i-th metric of a chart) has the same colour in every panel and every chart, and the j-th run or
 * sub-supernet the same dash. Colours are ten well-separated hues that read on white (no yellow).
 */
public final class PlotStyle {
  private static final Color[] COLOURS = {
      new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
      new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
      new Color(23, 190, 207), new Color(188, 189, 34)};
  private static final float[][] DASHES = {
      null, {8f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}, {14f, 6f}, {4f, 4f}, {10f, 3f, 2f, 3f, 2f, 3f}, {1f, 6f}};

  private PlotStyle() {}

  /** The colour of the {@code i}-th item; it repeats after ten. */
  public static Color colour(int i) {
    return COLOURS[Math.floorMod(i, COLOURS.length)];
  }

  /** A 2-pixel line with the {@code j}-th dash pattern (0 is solid); it repeats after eight. */
  public static BasicStroke dash(int j) {
    float[] dash = DASHES[Math.floorMod(j, DASHES.length)];
    return dash == null ? new BasicStroke(2f)
        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
  }
}
