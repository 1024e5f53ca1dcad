package org.sparknas.spaces.hytra;

import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * The path rules of the HyTra fabric (specs/algorithms.md B.2):
 * <ul>
 * <li>block 0 reads the stem, at the highest level ({@code LEVELS - 1});</li>
 * <li>from one layer to the next a path stays at its level or halves the resolution (level - 1),
 *     never up-samples, also across block boundaries;</li>
 * <li>block b instantiates only levels {@code 0..max(LEVELS - 1 - b, 1)}: block 0 all four, block 1
 *     three, later blocks only the two attention levels. The reference's block supernets are built so;
 *     with these caps the four-block, four-layer space has exactly 1,663,488 architectures.</li>
 * </ul>
 * A block's candidate set is therefore the paths from the level its predecessor ended at (the
 * reference's {@code restricted_path[level + 1]}) that stay within the block's levels.
 */
public final class HytraPaths {
  /** Blocks of the fabric. */
  public static final int BLOCKS = 4;

  private HytraPaths() {}

  /** Highest level block {@code block} instantiates. */
  public static int maxLevel(int block) {
    if (block < 0 || block >= BLOCKS) {
      throw new IllegalArgumentException("HyTra block " + block + " out of range [0, " + BLOCKS + ")");
    }
    return Math.max(HytraOp.LEVELS - 1 - block, 1);
  }

  /** The ops block {@code block}'s supernet instantiates: those at levels {@code 0..maxLevel(block)}. */
  public static List<HytraOp> ops(int block) {
    int max = maxLevel(block);
    return java.util.Arrays.stream(HytraOp.values()).filter(op -> op.level() <= max).toList();
  }

  /** The level a block starts from: the stem's for block 0, else the last level of the previous path. */
  public static int startLevel(List<BlockPath> chosen) {
    return chosen.isEmpty() ? HytraOp.LEVELS - 1 : HytraOp.of(chosen.get(chosen.size() - 1).last()).level();
  }

  /**
   * Every stay-or-halve path of {@code layers} layers from {@code startLevel} up to level
   * {@code maxLevel}, in ascending digit order. With {@code maxLevel = LEVELS - 1} and 4 layers this is
   * the reference's {@code restricted_path}: 51, 99, 80, 16 paths from levels 3, 2, 1, 0.
   */
  public static List<BlockPath> paths(int startLevel, int layers, int maxLevel) {
    if (startLevel < 0 || startLevel >= HytraOp.LEVELS || layers < 1) {
      throw new IllegalArgumentException("HyTra paths need a start level in [0, " + HytraOp.LEVELS
          + ") and at least one layer, got level " + startLevel + ", " + layers + " layers");
    }
    List<BlockPath> out = new ArrayList<>();
    extend(new int[layers], 0, startLevel, maxLevel, out);
    return List.copyOf(out);
  }

  /** The candidate set of block {@code block} after the paths {@code chosen} of blocks {@code 0..block-1}. */
  public static List<BlockPath> candidates(int block, List<BlockPath> chosen, int layers) {
    if (chosen.size() != block) {
      throw new IllegalArgumentException("the candidates of HyTra block " + block + " need the paths of blocks 0.."
          + (block - 1) + ", got " + chosen.size() + " paths");
    }
    check(chosen, layers);
    return paths(startLevel(chosen), layers, maxLevel(block));
  }

  /**
   * Checks the paths of blocks {@code 0..paths.size()-1} against every rule; the
   * {@link InvalidArchitectureException} names the first offending block and layer.
   */
  public static void check(List<BlockPath> paths, int layers) {
    if (paths.size() > BLOCKS) {
      throw new InvalidArchitectureException("a HyTra architecture has " + BLOCKS + " blocks, got " + paths.size());
    }
    int level = HytraOp.LEVELS - 1;
    for (int b = 0; b < paths.size(); b++) {
      BlockPath p = paths.get(b);
      if (p.layers() != layers) {
        throw new InvalidArchitectureException("HyTra block " + b + " '" + p + "' has " + p.layers()
            + " layers, expected " + layers + " per block");
      }
      for (int l = 0; l < layers; l++) {
        HytraOp op = HytraOp.of(p.op(l));
        String where = "HyTra block " + b + " '" + p + "' layer " + l + ": op " + op.index() + " (" + op + ")";
        if (op.level() > maxLevel(b)) {
          throw new InvalidArchitectureException(where + " is not instantiated in block " + b
              + ", which runs levels 0.." + maxLevel(b));
        }
        if (op.level() != level && op.level() != level - 1) {
          throw new InvalidArchitectureException(where + " follows level " + level
              + ": a layer stays at the previous level or halves the resolution (level - 1)");
        }
        level = op.level();
      }
    }
  }

  /** Number of whole architectures under the rules, counted by levels (1,663,488 for 4 layers per block). */
  public static long count(int layers) {
    long[] ways = new long[HytraOp.LEVELS];   // architectures-so-far ending at each level
    ways[HytraOp.LEVELS - 1] = 1;
    for (int b = 0; b < BLOCKS; b++) {
      long[] next = new long[HytraOp.LEVELS];
      for (int start = 0; start < HytraOp.LEVELS; start++) {
        if (ways[start] == 0) {
          continue;
        }
        for (BlockPath p : paths(start, layers, maxLevel(b))) {
          next[HytraOp.of(p.last()).level()] += ways[start];
        }
      }
      ways = next;
    }
    long total = 0;
    for (long w : ways) {
      total += w;
    }
    return total;
  }

  private static void extend(int[] path, int layer, int level, int maxLevel, List<BlockPath> out) {
    if (layer == path.length) {
      out.add(new BlockPath(path));
      return;
    }
    for (HytraOp op : HytraOp.values()) {   // ascending digits
      if (op.level() <= maxLevel && (op.level() == level || op.level() == level - 1)) {
        path[layer] = op.index();
        extend(path, layer + 1, op.level(), maxLevel, out);
      }
    }
  }
}
