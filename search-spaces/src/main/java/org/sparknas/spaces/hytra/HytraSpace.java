package org.sparknas.spaces.hytra;

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
 * The HyTra hybrid CNN-transformer space of BossNAS (specs/algorithms.md B.2) as a block-wise space:
 * 4 blocks of {@code layers} layers on a 4-level fabric, candidate sets by {@link HytraPaths}, K
 * distinct paths drawn uniformly per training step.
 * <pre>{@code
 * HytraSpace space = new HytraSpace(new HytraSettings(32, 1, 0.0625, 8, 4), new long[] {3, 32, 32}, 10);
 * space.candidates(0, List.of()).size();                       // 51
 * List<HytraLayer> geometry = space.layers(List.of(BlockPath.parse("5542")));
 * }</pre>
 */
public final class HytraSpace implements BlockwiseSpace {
  private static final long serialVersionUID = 1L;

  public static final String NAME = "hytra";

  /** The reference's K: 4 distinct paths per step. */
  public static final int DEFAULT_PATHS_PER_STEP = 4;

  private final HytraSettings settings;
  private final long[] inputShape;
  private final int classes;

  /** The space for images of shape {@code [channels, size, size]} (the size the settings were made for) and {@code classes} classes. */
  public HytraSpace(HytraSettings settings, long[] inputShape, int classes) {
    if (inputShape.length != 3 || inputShape[1] != settings.inputSize() || inputShape[2] != settings.inputSize()) {
      throw new IllegalArgumentException("HyTra settings are for " + settings.inputSize() + "x" + settings.inputSize()
          + " images, got " + java.util.Arrays.toString(inputShape));
    }
    this.settings = settings;
    this.inputShape = inputShape.clone();
    this.classes = classes;
  }

  public HytraSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int blocks() {
    return HytraPaths.BLOCKS;
  }

  @Override
  public int layers(int block) {
    HytraPaths.maxLevel(block);   // checks the index
    return settings.layers();
  }

  @Override
  public int opCount() {
    return HytraOp.values().length;
  }

  /** Every block's output is adapted to the lowest level's width (a depthwise conv, kernel = stride = 2^level, then 1x1 conv + BN). */
  @Override
  public int neckWidth(int block) {
    HytraPaths.maxLevel(block);   // checks the index
    return settings.neckWidth();
  }

  @Override
  public int defaultPathsPerStep() {
    return DEFAULT_PATHS_PER_STEP;
  }

  @Override
  public List<BlockPath> candidates(int block, List<BlockPath> chosen) {
    return HytraPaths.candidates(block, chosen, settings.layers());
  }

  /** {@code k} distinct candidates, uniformly (all of them when the block has fewer). */
  @Override
  public List<BlockPath> samplePaths(int block, List<BlockPath> chosen, int k, RandomGenerator random) {
    return BlockPathSampling.distinct(candidates(block, chosen), k, random);
  }

  @Override
  public HytraArchitecture architecture(List<BlockPath> paths) {
    return checkLayers(new HytraArchitecture(paths));
  }

  @Override
  public HytraArchitecture parse(String canonical) {
    return checkLayers(HytraArchitecture.parse(canonical));
  }

  /** The geometry of every layer of the paths of blocks {@code 0..paths.size()-1}, in order. */
  public List<HytraLayer> layers(List<BlockPath> paths) {
    HytraPaths.check(paths, settings.layers());
    List<HytraLayer> out = new ArrayList<>();
    int level = HytraOp.LEVELS - 1;
    int width = settings.stemWidth();
    for (int b = 0; b < paths.size(); b++) {
      for (int l = 0; l < settings.layers(); l++) {
        HytraOp op = HytraOp.of(paths.get(b).op(l));
        out.add(new HytraLayer(b, l, op, level, width, settings.resolution(level),
            settings.width(op.level()), settings.resolution(op.level())));
        level = op.level();
        width = settings.width(level);
      }
    }
    return List.copyOf(out);
  }

  /** The ops as {@code ResAtt@L0}, {@code ResConv@L0}, ... in digit order. */
  @Override
  public List<String> opNames() {
    return java.util.Arrays.stream(HytraOp.values()).map(HytraOp::toString).toList();
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

  /** Paths are drawn on the fabric: an op's row is its resolution level. */
  @Override
  public int drawingRow(int op) {
    return HytraOp.of(op).level();
  }

  @Override
  public String drawingAxis() {
    return "resolution level (0 = lowest)";
  }

  @Override
  public Node backbone(NetworkBuilder b, List<BlockPath> paths) {
    return HytraNetworks.layers(b, settings, HytraNetworks.stem(b, settings), layers(paths));
  }

  @Override
  public Node neckInput(NetworkBuilder b, int block, BlockPath path, Node blockOutput) {
    return HytraNetworks.neckInput(b, settings, block, HytraOp.of(path.last()).level(), blockOutput);
  }

  private HytraArchitecture checkLayers(HytraArchitecture a) {
    if (a.layers() != settings.layers()) {
      throw new InvalidArchitectureException("HyTra architecture '" + a + "' has " + a.layers()
          + " layers per block, the space (nas.space.hytra.layers) has " + settings.layers());
    }
    return a;
  }
}
