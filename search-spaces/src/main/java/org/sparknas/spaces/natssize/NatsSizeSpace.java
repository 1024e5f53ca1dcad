package org.sparknas.spaces.natssize;

import java.util.List;
import java.util.random.RandomGenerator;

import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockPathSampling;
import org.sparknas.core.space.BlockwiseSpace;

/**
 * The NATS-Bench size space as a block-wise space (specs/algorithms.md B.2): each block's layers choose
 * among the candidate widths, every combination a candidate ({@code widths^layers} per block), fair
 * sampling of one path per width per training step (K = 8 for NATS-Bench).
 * <pre>{@code
 * NatsSizeSpace space = new NatsSizeSpace(NatsSizeSettings.REFERENCE, new long[] {3, 32, 32}, 10);
 * space.candidates(2, chosen).size();        // 8: block 2 is the single layer c5
 * space.parse("64:32:16:48:8").blockPaths(); // [73, 15, 0]
 * }</pre>
 */
public final class NatsSizeSpace implements BlockwiseSpace {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "nats-size";

  private final NatsSizeSettings settings;
  private final long[] inputShape;
  private final int classes;

  /** The space for images of shape {@code [channels, height, width]} and {@code classes} classes. */
  public NatsSizeSpace(NatsSizeSettings settings, long[] inputShape, int classes) {
    this.settings = settings;
    this.inputShape = inputShape.clone();
    this.classes = classes;
  }

  public NatsSizeSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int blocks() {
    return settings.blocks().size();
  }

  @Override
  public int layers(int block) {
    if (block < 0 || block >= blocks()) {
      throw new IllegalArgumentException("NATS-size block " + block + " out of range [0, " + blocks() + ")");
    }
    return settings.blocks().get(block);
  }

  @Override
  public int opCount() {
    return settings.widths().size();
  }

  /** The 1x1 conv + BN adapter (one per candidate width of the block's last layer) outputs this width. */
  @Override
  public int neckWidth(int block) {
    layers(block);   // checks the index
    return settings.adapterWidth();
  }

  /** One fair round: each width once per layer (the reference's K = 8). */
  @Override
  public int defaultPathsPerStep() {
    return opCount();
  }

  /** All {@code widths^layers} choice sequences, the first layer varying slowest (the reference's order). */
  @Override
  public List<BlockPath> candidates(int block, List<BlockPath> chosen) {
    checkPrefix(block, chosen);
    return BlockPathSampling.all(layers(block), opCount());
  }

  /** Fair sampling; {@code k} must be a multiple of the number of widths. */
  @Override
  public List<BlockPath> samplePaths(int block, List<BlockPath> chosen, int k, RandomGenerator random) {
    checkPrefix(block, chosen);
    return BlockPathSampling.fair(layers(block), opCount(), k, random);
  }

  @Override
  public NatsSizeArchitecture architecture(List<BlockPath> paths) {
    return NatsSizeArchitecture.of(settings, paths);
  }

  @Override
  public NatsSizeArchitecture parse(String canonical) {
    return NatsSizeArchitecture.parse(canonical, settings);
  }

  /** The candidate widths, as text. */
  @Override
  public List<String> opNames() {
    return settings.widths().stream().map(String::valueOf).toList();
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public Node backbone(NetworkBuilder b, List<BlockPath> paths) {
    checkPrefix(paths.size(), paths);
    return NatsSizeNetworks.backbone(b, settings, paths);
  }

  @Override
  public Node neckInput(NetworkBuilder b, int block, BlockPath path, Node blockOutput) {
    return NatsSizeNetworks.neckInput(b, settings, block, path, blockOutput);
  }

  @Override
  public Node classifier(NetworkBuilder b, List<BlockPath> paths, Node features) {
    return NatsSizeNetworks.classifier(b, features, classes);
  }

  private void checkPrefix(int block, List<BlockPath> chosen) {
    if (block < 0 || block > blocks() || chosen.size() != block) {
      throw new IllegalArgumentException("NATS-size block " + block + " needs the paths of blocks 0.." + (block - 1)
          + ", got " + chosen.size() + " paths");
    }
    for (int b = 0; b < chosen.size(); b++) {
      BlockPath p = chosen.get(b);
      if (p.layers() != layers(b)) {
        throw new IllegalArgumentException("NATS-size block " + b + " '" + p + "' has " + p.layers()
            + " layers, the space has " + layers(b));
      }
      for (int l = 0; l < p.layers(); l++) {
        if (p.op(l) >= opCount()) {
          throw new IllegalArgumentException("NATS-size block " + b + " '" + p + "' layer " + l + ": width choice "
              + p.op(l) + " out of range [0, " + opCount() + ")");
        }
      }
    }
  }
}
