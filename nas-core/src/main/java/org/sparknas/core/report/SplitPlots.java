package org.sparknas.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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

  private static final int LEVEL_HEIGHT = 130;
  private static final int LEAF_WIDTH = 260;
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

  /** The tree top-down: a node per supernet, labelled with its split; leaves with their architecture and score. */
  static byte[] tree(List<Map<String, Object>> splits, List<Map<String, Object>> leaves) throws IOException {
    Map<String, Map<String, Object>> splitOf = new HashMap<>();
    for (Map<String, Object> s : splits) {
      splitOf.put((String) s.get("supernet"), s);
    }
    Map<String, double[]> at = new LinkedHashMap<>();
    int depth = place("root", 0, splitOf, new int[] {0}, at);
    int leafCount = (int) at.keySet().stream().filter(p -> !splitOf.containsKey(p)).count();
    int width = Math.max(400, leafCount * LEAF_WIDTH);
    int leafLines = 2 + leaves.stream().mapToInt(l -> wrap(String.valueOf(l.get("architecture")), 36).size()).max()
        .orElse(0);
    // the bottom row holds the leaves' boxes, as tall as their longest architecture (DARTS genotypes wrap)
    int height = depth * LEVEL_HEIGHT + 50 + Math.max(LEVEL_HEIGHT, leafLines * 16 + 20);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setStroke(new BasicStroke(1.5f));
    for (Map.Entry<String, double[]> node : at.entrySet()) {
      Map<String, Object> split = splitOf.get(node.getKey());
      if (split == null) {
        continue;
      }
      for (Object child : (List<?>) split.get("children")) {
        double[] c = at.get((String) child);
        g.setColor(Color.GRAY);
        g.drawLine(x(node.getValue(), width, leafCount), y(node.getValue()), x(c, width, leafCount), y(c) - 30);
      }
    }
    Map<String, Map<String, Object>> leafInfo = new HashMap<>();
    for (Map<String, Object> l : leaves) {
      leafInfo.put((String) l.get("subnet"), l);
    }
    for (Map.Entry<String, double[]> node : at.entrySet()) {
      int cx = x(node.getValue(), width, leafCount);
      int cy = y(node.getValue());
      List<String> lines = new ArrayList<>();
      lines.add(node.getKey());
      Map<String, Object> split = splitOf.get(node.getKey());
      if (split != null) {
        lines.add("split " + split.get("group") + " edge " + split.get("edge") + (Boolean.TRUE.equals(split.get("restart"))
            ? " (restart)" : ""));
        for (Object group : (List<?>) split.get("groups")) {
          lines.add(group.toString());
        }
      } else if (leafInfo.containsKey(node.getKey())) {
        Map<String, Object> l = leafInfo.get(node.getKey());
        lines.add(String.format("val acc %.4f", ((Number) l.get("score")).doubleValue()));
        lines.addAll(wrap(String.valueOf(l.get("architecture")), 36));
      }
      box(g, lines, cx, cy);
    }
    return png(image);
  }

  /** Assigns positions: leaves left to right in tree order, a parent centred over its children; returns the depth. */
  private static int place(String path, int level, Map<String, Map<String, Object>> splitOf, int[] nextLeaf,
      Map<String, double[]> at) {
    Map<String, Object> split = splitOf.get(path);
    if (split == null) {
      at.put(path, new double[] {nextLeaf[0]++, level});
      return level;
    }
    at.put(path, null); // keeps parents before children in drawing order
    int depth = level;
    double sum = 0;
    List<?> children = (List<?>) split.get("children");
    for (Object child : children) {
      depth = Math.max(depth, place((String) child, level + 1, splitOf, nextLeaf, at));
      sum += at.get((String) child)[0];
    }
    at.put(path, new double[] {sum / children.size(), level});
    return depth;
  }

  private static int x(double[] p, int width, int leaves) {
    return (int) Math.round((p[0] + 0.5) * width / leaves);
  }

  private static int y(double[] p) {
    return 50 + (int) p[1] * LEVEL_HEIGHT;
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
        + ": gradient distance 1 - cos", 10, 20);
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

  /** A bordered text box centred horizontally on (cx, top). */
  private static void box(Graphics2D g, List<String> lines, int cx, int top) {
    FontMetrics fm = g.getFontMetrics();
    int w = lines.stream().mapToInt(fm::stringWidth).max().orElse(0) + 12;
    int h = lines.size() * fm.getHeight() + 8;
    g.setColor(new Color(235, 242, 255));
    g.fillRect(cx - w / 2, top - 30, w, h);
    g.setColor(Color.DARK_GRAY);
    g.drawRect(cx - w / 2, top - 30, w, h);
    for (int i = 0; i < lines.size(); i++) {
      g.drawString(lines.get(i), cx - w / 2 + 6, top - 30 + 4 + fm.getAscent() + i * fm.getHeight());
    }
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < text.length(); i += width) {
      lines.add(text.substring(i, Math.min(text.length(), i + width)));
    }
    return lines;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
