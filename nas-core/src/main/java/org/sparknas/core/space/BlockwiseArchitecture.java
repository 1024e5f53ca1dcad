package org.sparknas.core.space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An architecture of a block-wise space: one {@link BlockPath} per block, in block order. */
public interface BlockwiseArchitecture extends Architecture {

  List<BlockPath> blockPaths();

  /** The encoding group of block {@code b}. */
  static String group(int block) {
    return "block" + block;
  }

  /**
   * The one-path encoding of block paths: group {@code block<b>} per block, row l one-hot on the op of
   * layer l, {@code opCount} columns.
   */
  static Encoding oneHot(List<BlockPath> paths, int opCount) {
    Map<String, boolean[][]> masks = new LinkedHashMap<>();
    for (int b = 0; b < paths.size(); b++) {
      BlockPath p = paths.get(b);
      boolean[][] rows = new boolean[p.layers()][opCount];
      for (int l = 0; l < p.layers(); l++) {
        rows[l][p.op(l)] = true;
      }
      masks.put(group(b), rows);
    }
    return Encoding.of(masks);
  }

  /** The block paths' digit strings joined by single spaces ({@code "11 0110 0111 1100 0110"}). */
  static String spaced(List<BlockPath> paths) {
    StringBuilder sb = new StringBuilder();
    for (BlockPath p : paths) {
      sb.append(sb.length() == 0 ? "" : " ").append(p);
    }
    return sb.toString();
  }

  /**
   * Reads {@link #spaced} text strictly: exactly {@code blocks} digit strings separated by single
   * spaces, no other whitespace. Errors start with {@code what} (the space's name for messages).
   */
  static List<BlockPath> parseSpaced(String s, int blocks, String what) {
    if (s == null) {
      throw new InvalidArchitectureException(what + " architecture string is null");
    }
    String[] parts = s.split(" ", -1);
    if (parts.length != blocks) {
      throw new InvalidArchitectureException(what + " string needs " + blocks
          + " block paths separated by single spaces, got " + parts.length + " in '" + s + "'");
    }
    List<BlockPath> paths = new ArrayList<>();
    for (int b = 0; b < parts.length; b++) {
      try {
        paths.add(BlockPath.parse(parts[b]));
      } catch (InvalidArchitectureException e) {
        throw new InvalidArchitectureException("block " + b + " of " + what + " string '" + s + "': " + e.getMessage());
      }
    }
    return paths;
  }
}
