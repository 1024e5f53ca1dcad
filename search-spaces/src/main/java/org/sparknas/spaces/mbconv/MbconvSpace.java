package org.sparknas.spaces.mbconv;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.sparknas.core.network.Blocks;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockPathSampling;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * The MBConv ranking space of BossNAS (specs/algorithms.md B.2) as a block-wise space: 5 searched
 * blocks, 4 ops per layer, every op sequence a candidate (4^layers per block), fair sampling of 4
 * paths per training step.
 * <pre>{@code
 * MbconvSpace space = new MbconvSpace(new MbconvSettings(32, 1, 0.25, List.of(2, 4, 4, 4, 4)), new long[] {3, 32, 32}, 10);
 * space.candidates(1, List.of(BlockPath.parse("11"))).size();   // 256
 * }</pre>
 */
public final class MbconvSpace implements BlockwiseSpace {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "mbconv";

  private final MbconvSettings settings;
  private final long[] inputShape;
  private final int classes;

  /** The space for images of shape {@code [channels, size, size]} (the size the settings were made for) and {@code classes} classes. */
  public MbconvSpace(MbconvSettings settings, long[] inputShape, int classes) {
    if (inputShape.length != 3 || inputShape[1] != settings.inputSize() || inputShape[2] != settings.inputSize()) {
      throw new IllegalArgumentException("MBConv settings are for " + settings.inputSize() + "x" + settings.inputSize()
          + " images, got " + java.util.Arrays.toString(inputShape));
    }
    this.settings = settings;
    this.inputShape = inputShape.clone();
    this.classes = classes;
  }

  public MbconvSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int blocks() {
    return MbconvSettings.BLOCKS;
  }

  @Override
  public int layers(int block) {
    if (block < 0 || block >= MbconvSettings.BLOCKS) {
      throw new IllegalArgumentException("MBConv block " + block + " out of range [0, " + MbconvSettings.BLOCKS + ")");
    }
    return settings.layers().get(block);
  }

  @Override
  public int opCount() {
    return MbconvOp.values().length;
  }

  /** The block's own output width: no adapter. */
  @Override
  public int neckWidth(int block) {
    layers(block);   // checks the index
    return settings.width(block);
  }

  /** One fair round: each of the 4 ops once per layer (the reference's K = 4). */
  @Override
  public int defaultPathsPerStep() {
    return opCount();
  }

  /** All {@code 4^layers} op sequences, the first layer varying slowest (the reference's order). */
  @Override
  public List<BlockPath> candidates(int block, List<BlockPath> chosen) {
    checkPrefix(block, chosen);
    return BlockPathSampling.all(layers(block), opCount());
  }

  /** Fair sampling; {@code k} must be a multiple of 4. */
  @Override
  public List<BlockPath> samplePaths(int block, List<BlockPath> chosen, int k, RandomGenerator random) {
    checkPrefix(block, chosen);
    return BlockPathSampling.fair(layers(block), opCount(), k, random);
  }

  @Override
  public MbconvArchitecture architecture(List<BlockPath> paths) {
    return checkLayers(new MbconvArchitecture(paths));
  }

  @Override
  public MbconvArchitecture parse(String canonical) {
    return checkLayers(MbconvArchitecture.parse(canonical));
  }

  /** The geometry of every layer of the paths of blocks {@code 0..paths.size()-1}, in order. */
  public List<MbconvLayer> layers(List<BlockPath> paths) {
    checkPrefix(paths.size(), paths);
    List<MbconvLayer> out = new ArrayList<>();
    int width = settings.stemOutWidth();
    int resolution = settings.stemResolution();
    for (int b = 0; b < paths.size(); b++) {
      for (int l = 0; l < layers(b); l++) {
        int stride = l == 0 ? settings.stride(b) : 1;
        MbconvLayer layer = new MbconvLayer(b, l, MbconvOp.of(paths.get(b).op(l)), width, settings.width(b), stride,
            resolution);
        out.add(layer);
        width = layer.outWidth();
        resolution = layer.outResolution();
      }
    }
    return List.copyOf(out);
  }

  /** The ops' reference names ({@code MB6_3x3_se0.25}, ...). */
  @Override
  public List<String> opNames() {
    return java.util.Arrays.stream(MbconvOp.values()).map(MbconvOp::canonicalName).toList();
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
  public Node classifier(NetworkBuilder b, List<BlockPath> paths, Node features) {
    return Blocks.classifier(b, "head/fc", features, classes);
  }

  @Override
  public Node backbone(NetworkBuilder b, List<BlockPath> paths) {
    return MbconvNetworks.layers(b, MbconvNetworks.stem(b, settings), layers(paths));
  }

  /** The neck reads the block's output as it is. */
  @Override
  public Node neckInput(NetworkBuilder b, int block, BlockPath path, Node blockOutput) {
    return blockOutput;
  }

  private void checkPrefix(int block, List<BlockPath> chosen) {
    if (block < 0 || block > MbconvSettings.BLOCKS || chosen.size() != block) {
      throw new IllegalArgumentException("MBConv block " + block + " needs the paths of blocks 0.." + (block - 1)
          + ", got " + chosen.size() + " paths");
    }
    for (int b = 0; b < chosen.size(); b++) {
      checkBlock(b, chosen.get(b));
    }
  }

  private MbconvArchitecture checkLayers(MbconvArchitecture a) {
    for (int b = 0; b < MbconvSettings.BLOCKS; b++) {
      checkBlock(b, a.blocks().get(b));
    }
    return a;
  }

  private void checkBlock(int b, BlockPath p) {
    if (p.layers() != layers(b)) {
      throw new InvalidArchitectureException("MBConv block " + b + " '" + p + "' has " + p.layers()
          + " layers, the space (nas.space.mbconv.layers) has " + layers(b));
    }
    for (int l = 0; l < p.layers(); l++) {
      MbconvOp.of(p.op(l));
    }
  }
}
