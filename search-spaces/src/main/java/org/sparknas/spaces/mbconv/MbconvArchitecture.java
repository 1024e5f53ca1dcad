package org.sparknas.spaces.mbconv;

import java.util.List;

import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseArchitecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * An MBConv architecture: one path per searched block, a digit per layer ({@link MbconvOp} index).
 * The canonical string is the blocks' digit strings joined by single spaces, as the reference's best
 * MBConv path is reported (specs/algorithms.md B.8):
 * <pre>{@code
 * MbconvArchitecture a = MbconvArchitecture.parse("11 0110 0111 1100 0110");
 * a.canonical();     // the same string
 * }</pre>
 *
 * @param blocks one path per searched block (copied)
 */
public record MbconvArchitecture(List<BlockPath> blocks) implements BlockwiseArchitecture {

  public MbconvArchitecture {
    if (blocks == null || blocks.size() != MbconvSettings.BLOCKS) {
      throw new InvalidArchitectureException("an MBConv architecture has " + MbconvSettings.BLOCKS
          + " searched blocks, got " + (blocks == null ? "null" : blocks.size()));
    }
    blocks = List.copyOf(blocks);
    for (int b = 0; b < blocks.size(); b++) {
      BlockPath p = blocks.get(b);
      for (int l = 0; l < p.layers(); l++) {
        if (p.op(l) >= MbconvOp.values().length) {
          throw new InvalidArchitectureException("MBConv block " + b + " '" + p + "' layer " + l + ": unknown op "
              + p.op(l) + ", valid ops are 0..3: " + java.util.Arrays.toString(MbconvOp.values()));
        }
      }
    }
  }

  /**
   * Parses the canonical string strictly: 5 digit strings separated by single spaces, digits 0..3.
   * Layer counts are checked by the space ({@link MbconvSpace#parse}).
   */
  public static MbconvArchitecture parse(String s) {
    return new MbconvArchitecture(BlockwiseArchitecture.parseSpaced(s, MbconvSettings.BLOCKS, "MBConv"));
  }

  @Override
  public List<BlockPath> blockPaths() {
    return blocks;
  }

  @Override
  public String canonical() {
    return BlockwiseArchitecture.spaced(blocks);
  }

  /** Groups {@code block0..block4}, one row per layer, one-hot over the 4 ops. */
  @Override
  public Encoding encoding() {
    return BlockwiseArchitecture.oneHot(blocks, MbconvOp.values().length);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
