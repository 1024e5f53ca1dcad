package org.sparknas.spaces.natssize;

import java.io.Serializable;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;

/**
 * The {@code nas.space.nats-size} block: the NATS-Bench size space as BossNAS searches it
 * (specs/algorithms.md B.2). A fixed macro of 5 layers (cell, ResNet block with stride 2, cell,
 * ResNet block, cell), each with a searchable output width from {@code widths}; every layer slices one
 * shared weight of the widest width. The 5 layers are grouped into BossNAS blocks by {@code blocks}.
 * <pre>{@code
 * NatsSizeSettings s = NatsSizeSettings.REFERENCE;     // widths 8..64, blocks [2, 2, 1], adapter 2048
 * s.count();                                           // 32,768
 * }</pre>
 *
 * @param widths candidate widths, ascending (NATS-Bench: 8, 16, ..., 64)
 * @param blocks layers per block, summing to 5 (CIFAR-10 reference [2, 2, 1]; CIFAR-100 [2, 1, 2])
 * @param adapterWidth channels of the per-width Conv1x1 + BN adapter in front of each block's neck
 *     (reference 2048)
 */
public record NatsSizeSettings(List<Integer> widths, List<Integer> blocks, int adapterWidth) implements Serializable {

  static final String PREFIX = "nas.space.nats-size.";

  /** Searchable layers of the macro. */
  public static final int LAYERS = 5;

  /** The reference configuration (NATS-Bench widths, CIFAR-10 blocks). */
  public static final NatsSizeSettings REFERENCE =
      new NatsSizeSettings(List.of(8, 16, 24, 32, 40, 48, 56, 64), List.of(2, 2, 1), 2048);

  public NatsSizeSettings {
    widths = List.copyOf(widths);
    blocks = List.copyOf(blocks);
    if (widths.isEmpty() || widths.size() > 10) {
      throw new ConfigException(PREFIX + "widths", "needs 1 to 10 candidate widths (one digit each in a block path), got "
          + widths.size());
    }
    for (int i = 0; i < widths.size(); i++) {
      if (widths.get(i) < 1 || (i > 0 && widths.get(i) <= widths.get(i - 1))) {
        throw new ConfigException(PREFIX + "widths", "must be positive and strictly ascending, got " + widths);
      }
    }
    if (blocks.stream().anyMatch(n -> n < 1) || blocks.stream().mapToInt(Integer::intValue).sum() != LAYERS) {
      throw new ConfigException(PREFIX + "blocks", "needs positive layer counts summing to " + LAYERS + ", got "
          + blocks);
    }
    if (adapterWidth < 1) {
      throw new ConfigException(PREFIX + "adapter-width", "must be positive, got " + adapterWidth);
    }
  }

  public static NatsSizeSettings from(Settings s) {
    return new NatsSizeSettings(ints(s, PREFIX + "widths", 4096), ints(s, PREFIX + "blocks", LAYERS),
        s.intIn(PREFIX + "adapter-width", 1, 1 << 16));
  }

  /** Number of architectures: {@code widths^5} (32,768 for NATS-Bench). */
  public long count() {
    return Math.round(Math.pow(widths.size(), LAYERS));
  }

  /** The widest candidate: the width every layer's shared weight is built at. */
  public int maxWidth() {
    return widths.get(widths.size() - 1);
  }

  /** First macro layer of block {@code block}. */
  public int firstLayer(int block) {
    int first = 0;
    for (int b = 0; b < block; b++) {
      first += blocks.get(b);
    }
    return first;
  }

  private static List<Integer> ints(Settings s, String key, int max) {
    List<Long> values = s.longList(key);
    if (values.stream().anyMatch(v -> v < 1 || v > max)) {
      throw new ConfigException(key, "values must be in [1, " + max + "], got " + values);
    }
    return values.stream().map(Long::intValue).toList();
  }
}
