package org.sparknas.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * PNG pictures of a few-shot search for {@code report/}: the split tree (each split's edge and op
 * groups, each final sub-supernet's architecture and score) and one heat map per split that has a
 * distance matrix (gradient matching). They are drawn from the {@code splits} and
 * {@code sub_supernets} entries of a result's details, as written to {@code result.json}.
 * <pre>{@code
 * SplitPlots.pngs(result.details()).forEach((name, png) -> dir.writeAtomically("report/" + name, png));
 * }</pre>
 */
public final class SplitPlots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final int CELL = 70;

  private SplitPlots() {}

  /** File name to PNG: {@code split-tree.png} and {@code distances-<supernet>.png}; empty without splits. */
  public static Map<String, byte[]> pngs(Map<String, Object> details) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    List<Map<String, Object>> splits = list(details.get("splits"));
    if (splits.isEmpty()) {
      return out;
    }
    out.put("split-tree.png", tree(splits, list(details.get("sub_supernets"))));
    for (Map<String, Object> split : splits) {
      if (split.get("distances") instanceof double[][] d) {
        out.put("distances-" + split.get("supernet") + ".png", distances(split, d));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  /**
   * The tree top-down ({@link SplitTreeLayout}): a box per supernet, labelled with its split; the final
   * sub-supernets with their architecture and score.
   */
  static byte[] tree(List<Map<String, Object>> splits, List<Map<String, Object>> leaves) throws IOException {
    SplitTreeLayout.Layout layout = SplitTreeLayout.of(splits, leaves, metrics());
    BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setStroke(new BasicStroke(1.5f));
    g.setColor(Color.GRAY);
    layout.children().forEach((parent, kids) -> {
      Rectangle p = layout.boxes().get(parent).bounds();
      for (String kid : kids) {
        Rectangle c = layout.boxes().get(kid).bounds();
        g.drawLine((int) p.getCenterX(), p.y + p.height, (int) c.getCenterX(), c.y);
      }
    });
    FontMetrics fm = g.getFontMetrics();
    for (SplitTreeLayout.Box box : layout.boxes().values()) {
      Rectangle r = box.bounds();
      g.setColor(new Color(235, 242, 255));
      g.fillRect(r.x, r.y, r.width, r.height);
      g.setColor(Color.DARK_GRAY);
      g.drawRect(r.x, r.y, r.width, r.height);
      for (int i = 0; i < box.lines().size(); i++) {
        g.drawString(box.lines().get(i), r.x + SplitTreeLayout.PAD,
            r.y + SplitTreeLayout.PAD + fm.getAscent() + i * fm.getHeight());
      }
    }
    return png(image);
  }

  /** The metrics of the pictures' font, which the layout measures its boxes with. */
  static FontMetrics metrics() {
    return canvas(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)).getFontMetrics();
  }

  /** The op-by-op distance matrix of one split as a heat map (darker = more distant), values printed. */
  static byte[] distances(Map<String, Object> split, double[][] d) throws IOException {
    // the matrix is over the edge's allowed ops in ascending op index order
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    List<?> names = (List<?>) split.get("groups");
    List<?> ids = (List<?>) split.get("op_indices");
    for (int gi = 0; gi < ids.size(); gi++) {
      List<?> groupIds = (List<?>) ids.get(gi);
      for (int k = 0; k < groupIds.size(); k++) {
        byIndex.put(((Number) groupIds.get(k)).intValue(), (String) ((List<?>) names.get(gi)).get(k));
      }
    }
    List<String> labels = new ArrayList<>(byIndex.values());
    double max = 1e-12;
    for (double[] row : d) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    int margin = 130;
    int size = margin + d.length * CELL + 20;
    BufferedImage image = new BufferedImage(size, size + 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setColor(Color.BLACK);
    g.drawString("supernet " + split.get("supernet") + ", " + split.get("group") + " edge " + split.get("edge")
        + ": gradient distance between the ops", 10, 20);
    for (int i = 0; i < d.length; i++) {
      for (int j = 0; j < d.length; j++) {
        int shade = 255 - (int) Math.round(200 * d[i][j] / max);
        g.setColor(new Color(shade, shade, 255));
        g.fillRect(margin + j * CELL, margin + i * CELL, CELL, CELL);
        g.setColor(Color.BLACK);
        g.drawString(String.format("%.3f", d[i][j]), margin + j * CELL + 12, margin + i * CELL + CELL / 2 + 5);
      }
      String label = i < labels.size() ? labels.get(i) : String.valueOf(i);
      g.drawString(label, 5, margin + i * CELL + CELL / 2 + 5);
      g.rotate(-Math.PI / 2);
      g.drawString(label, -margin + 5, margin + i * CELL + CELL / 2 + 5);
      g.rotate(Math.PI / 2);
    }
    return png(image);
  }

  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
