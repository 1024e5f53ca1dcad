package org.sparknas.spaces.hytra;

import java.util.List;

import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseArchitecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * A whole HyTra architecture: one path per block, each a digit per layer ({@link HytraOp} index).
 * The canonical string is the blocks' digit strings joined by single spaces, the way the reference
 * keys a block's paths ({@code ''.join(ops)}):
 * <pre>{@code
 * HytraArchitecture t0 = HytraArchitecture.parse("5433 3230 0010 0000");   // BossNet-T0 (B.7)
 * t0.canonical();     // the same string
 * }</pre>
 * Any string obeying {@link HytraPaths}'s rules parses.
 *
 * @param blocks one path per block (copied), all of the same length
 */
public record HytraArchitecture(List<BlockPath> blocks) implements BlockwiseArchitecture {

  public HytraArchitecture {
    if (blocks == null || blocks.size() != HytraPaths.BLOCKS) {
      throw new InvalidArchitectureException("a HyTra architecture has " + HytraPaths.BLOCKS + " blocks, got "
          + (blocks == null ? "null" : blocks.size()));
    }
    blocks = List.copyOf(blocks);
    HytraPaths.check(blocks, blocks.get(0).layers());
  }

  /**
   * Parses the canonical string strictly: {@link HytraPaths#BLOCKS} digit strings separated by single
   * spaces, no other whitespace. The error names the first problem (block count, a bad character, a
   * broken rule with its block and layer).
   */
  public static HytraArchitecture parse(String s) {
    return new HytraArchitecture(BlockwiseArchitecture.parseSpaced(s, HytraPaths.BLOCKS, "HyTra"));
  }

  @Override
  public List<BlockPath> blockPaths() {
    return blocks;
  }

  /** Layers per block. */
  public int layers() {
    return blocks.get(0).layers();
  }

  @Override
  public String canonical() {
    return BlockwiseArchitecture.spaced(blocks);
  }

  /** Groups {@code block0..block3}, one row per layer, one-hot over the 6 ops. */
  @Override
  public Encoding encoding() {
    return BlockwiseArchitecture.oneHot(blocks, HytraOp.values().length);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
