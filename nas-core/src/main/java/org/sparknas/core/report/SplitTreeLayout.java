package org.sparknas.core.report;

import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the boxes of a few-shot split tree go. Every subtree gets a horizontal band as wide as the
 * wider of its own box and its children's bands side by side; a box is centred in its band and its
 * children's bands are centred under it. Sibling bands never overlap and every box lies in its band,
 * so no two boxes overlap, and the canvas is sized to the root's band: nothing is cut at the edge.
 * Long architecture strings are wrapped between their nodes or op tuples.
 */
final class SplitTreeLayout {
  static final int MARGIN = 16;
  static final int H_GAP = 16;
  static final int V_GAP = 48;
  static final int PAD = 6;
  /** Characters per line of a wrapped architecture or op group. */
  static final int WRAP = 46;
  private static final Pattern NODE = Pattern.compile("(?<=\\+)");
  /** After a {@code ", "} that is not inside a DARTS op tuple {@code ('op', 0)}. */
  private static final Pattern COMMA = Pattern.compile("(?<=[^'], )");

  /** One node's box: its tree path, its text lines, its rectangle on the canvas. */
  record Box(String path, List<String> lines, Rectangle bounds) {}

  /** All boxes, parent-child links by path, and the canvas size. */
  record Layout(Map<String, Box> boxes, Map<String, List<String>> children, int width, int height) {}

  private SplitTreeLayout() {}

  /**
   * The layout of the tree whose splits (as in {@code result.json}: supernet, group, edge, groups,
   * children, restart) start at {@code root}; {@code leaves} (subnet, architecture, score) label the
   * final sub-supernets; {@code fm} measures the text.
   */
  static Layout of(List<Map<String, Object>> splits, List<Map<String, Object>> leaves, FontMetrics fm) {
    Map<String, Map<String, Object>> splitOf = new HashMap<>();
    splits.forEach(s -> splitOf.put((String) s.get("supernet"), s));
    Map<String, Map<String, Object>> leafOf = new HashMap<>();
    leaves.forEach(l -> leafOf.put((String) l.get("subnet"), l));

    Map<String, List<String>> children = new LinkedHashMap<>();
    Map<String, List<String>> text = new LinkedHashMap<>();
    Map<String, Integer> level = new HashMap<>();
    collect("root", 0, splitOf, leafOf, children, text, level);

    int depth = level.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int[] rowHeight = new int[depth + 1];
    Map<String, int[]> size = new HashMap<>();
    text.forEach((path, lines) -> {
      int w = lines.stream().mapToInt(fm::stringWidth).max().orElse(0) + 2 * PAD;
      int h = lines.size() * fm.getHeight() + 2 * PAD;
      size.put(path, new int[] {w, h});
      rowHeight[level.get(path)] = Math.max(rowHeight[level.get(path)], h);
    });
    int[] rowTop = new int[depth + 1];
    rowTop[0] = MARGIN;
    for (int l = 1; l <= depth; l++) {
      rowTop[l] = rowTop[l - 1] + rowHeight[l - 1] + V_GAP;
    }
    Map<String, Integer> band = new HashMap<>();
    bandWidth("root", children, size, band);
    Map<String, Box> boxes = new LinkedHashMap<>();
    place("root", MARGIN, children, size, band, level, rowTop, text, boxes);
    return new Layout(boxes, children, band.get("root") + 2 * MARGIN, rowTop[depth] + rowHeight[depth] + MARGIN);
  }

  /** Walks the tree from {@code path}: children, text lines and level of every node. */
  private static void collect(String path, int depth, Map<String, Map<String, Object>> splitOf,
      Map<String, Map<String, Object>> leafOf, Map<String, List<String>> children, Map<String, List<String>> text,
      Map<String, Integer> level) {
    List<String> lines = new ArrayList<>();
    lines.add(path);
    List<String> kids = new ArrayList<>();
    Map<String, Object> split = splitOf.get(path);
    if (split != null) {
      lines.add("split " + split.get("group") + " edge " + split.get("edge")
          + (Boolean.TRUE.equals(split.get("restart")) ? " (restart)" : ""));
      for (Object group : (List<?>) split.get("groups")) {
        lines.addAll(wrap(group.toString(), WRAP));
      }
      ((List<?>) split.get("children")).forEach(c -> kids.add((String) c));
    } else if (leafOf.containsKey(path)) {
      Map<String, Object> leaf = leafOf.get(path);
      lines.add(String.format("val acc %.4f", ((Number) leaf.get("score")).doubleValue()));
      lines.addAll(wrap(String.valueOf(leaf.get("architecture")), WRAP));
    }
    children.put(path, kids);
    text.put(path, lines);
    level.put(path, depth);
    kids.forEach(k -> collect(k, depth + 1, splitOf, leafOf, children, text, level));
  }

  private static int bandWidth(String path, Map<String, List<String>> children, Map<String, int[]> size,
      Map<String, Integer> band) {
    int kids = 0;
    for (String k : children.get(path)) {
      kids += bandWidth(k, children, size, band) + (kids == 0 ? 0 : H_GAP);
    }
    int w = Math.max(size.get(path)[0], kids);
    band.put(path, w);
    return w;
  }

  private static void place(String path, int left, Map<String, List<String>> children, Map<String, int[]> size,
      Map<String, Integer> band, Map<String, Integer> level, int[] rowTop, Map<String, List<String>> text,
      Map<String, Box> boxes) {
    int[] wh = size.get(path);
    int mid = left + band.get(path) / 2;
    boxes.put(path, new Box(path, text.get(path), new Rectangle(mid - wh[0] / 2, rowTop[level.get(path)], wh[0], wh[1])));
    List<String> kids = children.get(path);
    int kidsWidth = kids.stream().mapToInt(band::get).sum() + H_GAP * Math.max(0, kids.size() - 1);
    int x = left + (band.get(path) - kidsWidth) / 2;
    for (String k : kids) {
      place(k, x, children, size, band, level, rowTop, text, boxes);
      x += band.get(k) + H_GAP;
    }
  }

  /**
   * {@code text} in lines of at most {@code width} characters (not counting a trailing space): a new
   * line after every {@code +} (one NAS-Bench-201 node per line), and lines filled up to a comma outside
   * an op tuple (between the tuples of a DARTS genotype, the ops of a group); a piece longer than a line
   * is cut. Joined, the lines give {@code text} back.
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String part : NODE.split(text)) {
      StringBuilder line = new StringBuilder();
      for (String piece : COMMA.split(part)) {
        if (line.length() > 0 && line.length() + piece.stripTrailing().length() > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        while (piece.length() > width) {
          lines.add(piece.substring(0, width));
          piece = piece.substring(width);
        }
        line.append(piece);
      }
      if (line.length() > 0) {
        lines.add(line.toString());
      }
    }
    return lines;
  }
}
