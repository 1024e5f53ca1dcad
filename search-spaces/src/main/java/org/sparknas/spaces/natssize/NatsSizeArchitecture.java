package org.sparknas.spaces.natssize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseArchitecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * A NATS-size architecture: the width choice of each of the 5 macro layers, as indices into the
 * candidate widths. The canonical string is NATS-Bench's: the widths joined by colons.
 * <pre>{@code
 * NatsSizeArchitecture a = NatsSizeArchitecture.parse("64:32:16:48:8", NatsSizeSettings.REFERENCE);
 * a.blockPaths();   // [73, 15, 0]: the choice digits of blocks [c1 c2], [c3 c4], [c5]
 * }</pre>
 *
 * @param settings the candidate widths and the block grouping
 * @param choices index into {@code settings.widths()} per layer (copied)
 */
public record NatsSizeArchitecture(NatsSizeSettings settings, int[] choices) implements BlockwiseArchitecture {

  public NatsSizeArchitecture {
    if (choices == null || choices.length != NatsSizeSettings.LAYERS) {
      throw new InvalidArchitectureException("a NATS-size architecture has " + NatsSizeSettings.LAYERS
          + " widths, got " + (choices == null ? "null" : choices.length));
    }
    choices = choices.clone();
    for (int l = 0; l < choices.length; l++) {
      if (choices[l] < 0 || choices[l] >= settings.widths().size()) {
        throw new InvalidArchitectureException("NATS-size layer " + l + ": width choice " + choices[l]
            + " out of range [0, " + settings.widths().size() + ")");
      }
    }
  }

  /**
   * Parses {@code c1:c2:c3:c4:c5} strictly: 5 decimal widths (no sign, no leading zero, no whitespace),
   * each one of the candidate widths; the error names the layer and lists the candidates.
   */
  public static NatsSizeArchitecture parse(String s, NatsSizeSettings settings) {
    if (s == null) {
      throw new InvalidArchitectureException("NATS-size architecture string is null");
    }
    String[] parts = s.split(":", -1);
    if (parts.length != NatsSizeSettings.LAYERS) {
      throw new InvalidArchitectureException("NATS-size string needs " + NatsSizeSettings.LAYERS
          + " widths joined by ':', got " + parts.length + " in '" + s + "'");
    }
    int[] choices = new int[parts.length];
    for (int l = 0; l < parts.length; l++) {
      int choice = -1;
      for (int c = 0; c < settings.widths().size(); c++) {
        if (parts[l].equals(Integer.toString(settings.widths().get(c)))) {
          choice = c;
        }
      }
      if (choice < 0) {
        throw new InvalidArchitectureException("NATS-size string '" + s + "' layer " + l + ": '" + parts[l]
            + "' is not a candidate width, expected one of " + settings.widths());
      }
      choices[l] = choice;
    }
    return new NatsSizeArchitecture(settings, choices);
  }

  /** The architecture of one path per block (digits are width choices). */
  public static NatsSizeArchitecture of(NatsSizeSettings settings, List<BlockPath> paths) {
    if (paths.size() != settings.blocks().size()) {
      throw new InvalidArchitectureException("a NATS-size architecture has " + settings.blocks().size()
          + " blocks (nas.space.nats-size.blocks " + settings.blocks() + "), got " + paths.size() + " paths");
    }
    int[] choices = new int[NatsSizeSettings.LAYERS];
    int layer = 0;
    for (int b = 0; b < paths.size(); b++) {
      BlockPath p = paths.get(b);
      if (p.layers() != settings.blocks().get(b)) {
        throw new InvalidArchitectureException("NATS-size block " + b + " '" + p + "' has " + p.layers()
            + " layers, the space has " + settings.blocks().get(b));
      }
      for (int l = 0; l < p.layers(); l++) {
        choices[layer++] = p.op(l);
      }
    }
    return new NatsSizeArchitecture(settings, choices);
  }

  /** The architecture at a position of the enumeration, {@code 0 <= index < settings.count()}; c1 varies slowest. */
  public static NatsSizeArchitecture ofIndex(NatsSizeSettings settings, long index) {
    if (index < 0 || index >= settings.count()) {
      throw new IllegalArgumentException("NATS-size index " + index + " out of range [0, " + settings.count() + ")");
    }
    int n = settings.widths().size();
    int[] choices = new int[NatsSizeSettings.LAYERS];
    for (int l = choices.length - 1; l >= 0; l--, index /= n) {
      choices[l] = (int) (index % n);
    }
    return new NatsSizeArchitecture(settings, choices);
  }

  /** Position in the enumeration of {@link #ofIndex}. */
  public long index() {
    long i = 0;
    for (int c : choices) {
      i = i * settings.widths().size() + c;
    }
    return i;
  }

  @Override
  public int[] choices() {
    return choices.clone();
  }

  /** Output width of macro layer {@code layer}. */
  public int width(int layer) {
    return settings.widths().get(choices[layer]);
  }

  /** The layers with their widths: the stem outputs the first layer's width. */
  public List<NatsSizeLayer> layers() {
    List<NatsSizeLayer> out = new ArrayList<>();
    for (int l = 0; l < NatsSizeSettings.LAYERS; l++) {
      out.add(new NatsSizeLayer(l, NatsSizeLayer.isResidual(l), width(Math.max(l - 1, 0)), width(l)));
    }
    return List.copyOf(out);
  }

  @Override
  public List<BlockPath> blockPaths() {
    List<BlockPath> paths = new ArrayList<>();
    for (int b = 0; b < settings.blocks().size(); b++) {
      int first = settings.firstLayer(b);
      paths.add(new BlockPath(Arrays.copyOfRange(choices, first, first + settings.blocks().get(b))));
    }
    return List.copyOf(paths);
  }

  @Override
  public String canonical() {
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < choices.length; l++) {
      sb.append(l == 0 ? "" : ":").append(width(l));
    }
    return sb.toString();
  }

  /** Groups {@code block<b>}, one row per layer of the block, one-hot over the candidate widths. */
  @Override
  public Encoding encoding() {
    return BlockwiseArchitecture.oneHot(blockPaths(), settings.widths().size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NatsSizeArchitecture other && settings.equals(other.settings)
        && Arrays.equals(choices, other.choices);
  }

  @Override
  public int hashCode() {
    return 31 * settings.hashCode() + Arrays.hashCode(choices);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
