package org.sparknas.core.space;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.sparknas.core.network.Network;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;

/**
 * A space searched block by block (BossNAS, specs/algorithms.md B.1): a network factorised into
 * blocks, each a short sequence of layers with one op chosen per layer. Block b is trained and rated
 * after blocks 0..b-1 have their paths, and its candidate set may depend on them (HyTra: on the
 * previous block's last resolution).
 * <pre>{@code
 * List<BlockPath> chosen = new ArrayList<>();
 * for (int b = 0; b < space.blocks(); b++) {
 *   List<BlockPath> step = space.samplePaths(b, chosen, space.defaultPathsPerStep(), rng);  // training
 *   List<BlockPath> all = space.candidates(b, chosen);                                       // rating
 *   chosen.add(best);
 * }
 * String answer = space.architecture(chosen).canonical();
 * }</pre>
 * It is a {@link SearchSpace} too, of single paths: one alpha group {@code block<b>} per block with a
 * row per layer, and {@link #network} builds the classifier of a one-op-per-layer encoding, so the
 * methods and tools that train single paths (RSPS, from-scratch training, the ranking study) run on it.
 */
public interface BlockwiseSpace extends SearchSpace {

  /** Config name: {@code hytra}, {@code mbconv}, {@code nats-size}. */
  @Override
  String name();

  int blocks();

  /** Searchable layers of block {@code block}. */
  int layers(int block);

  /** Op columns of every layer (the width of the encoding's rows). */
  @Override
  int opCount();

  /**
   * Channels the projection neck of block {@code block} reads, after the space's adapter (HyTra: the
   * lowest level's width; MBConv: the block's width; NATS-size: the 1x1 adapter's width).
   */
  int neckWidth(int block);

  /** Paths trained per step when the config leaves it to the space (HyTra 4; fair spaces: one per op). */
  int defaultPathsPerStep();

  /**
   * Every candidate path of block {@code block} given the paths chosen for blocks {@code 0..block-1}
   * ({@code chosen.size() == block}), in a fixed order: the set the population-centre rating enumerates.
   */
  List<BlockPath> candidates(int block, List<BlockPath> chosen);

  /**
   * The {@code k} paths of one training step of block {@code block}, drawn from {@code random} only,
   * so a seeded generator reproduces them.
   */
  List<BlockPath> samplePaths(int block, List<BlockPath> chosen, int k, RandomGenerator random);

  /** The architecture of one path per block; throws {@link InvalidArchitectureException} when it breaks a rule. */
  BlockwiseArchitecture architecture(List<BlockPath> paths);

  /** Parses a canonical string; throws {@link InvalidArchitectureException} saying what is wrong. */
  @Override
  BlockwiseArchitecture parse(String canonical);

  /**
   * Adds the stem and blocks {@code 0..paths.size()-1} along {@code paths} to {@code b} and returns the
   * last block's output. The stem's weights are named under {@code stem/}, block b's under
   * {@code block<b>/}, so every network of the space shares them by name.
   */
  Node backbone(NetworkBuilder b, List<BlockPath> paths);

  /**
   * Adds block {@code block}'s adapter from its output {@code blockOutput} (path {@code path}) to what the
   * projection neck reads: {@code [neckWidth(block), h, w]}.
   */
  Node neckInput(NetworkBuilder b, int block, BlockPath path, Node blockOutput);

  /** Adds the classification head on the output of the whole backbone; returns the logits. */
  Node classifier(NetworkBuilder b, List<BlockPath> paths, Node features);

  /**
   * The row of op {@code op} when a path is drawn on the space (the chosen-path picture of a report):
   * by default the op itself; HyTra draws its fabric's resolution levels.
   */
  default int drawingRow(int op) {
    return op;
  }

  /** What {@link #drawingRow} counts, as an axis label. */
  default String drawingAxis() {
    return "op";
  }

  @Override
  default List<AlphaGroup> groups() {
    List<AlphaGroup> groups = new ArrayList<>();
    for (int b = 0; b < blocks(); b++) {
      groups.add(new AlphaGroup(BlockwiseArchitecture.group(b), layers(b)));
    }
    return List.copyOf(groups);
  }

  /** The classifier of the single path a one-op-per-layer encoding names. */
  @Override
  default Network network(Encoding encoding) {
    List<BlockPath> paths = paths(encoding);
    architecture(paths);   // checks the space's rules
    NetworkBuilder b = new NetworkBuilder(inputShape());
    return b.build(classifier(b, paths, backbone(b, paths)));
  }

  /** Per layer the allowed op of largest weight, block by block among the candidates the encoding allows. */
  @Override
  default Architecture derive(ArchitectureWeights weights, Encoding encoding) {
    List<BlockPath> chosen = new ArrayList<>();
    for (int b = 0; b < blocks(); b++) {
      double[][] w = weights.group(BlockwiseArchitecture.group(b));
      BlockPath best = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (BlockPath p : allowedCandidates(b, chosen, encoding)) {
        double score = 0;
        for (int l = 0; l < p.layers(); l++) {
          score += w[l][p.op(l)];
        }
        if (score > bestScore) {
          bestScore = score;
          best = p;
        }
      }
      chosen.add(best);
    }
    return architecture(chosen);
  }

  /** Block by block, a candidate drawn uniformly among those the encoding allows. */
  @Override
  default Architecture sample(Encoding encoding, RandomGenerator random) {
    List<BlockPath> chosen = new ArrayList<>();
    for (int b = 0; b < blocks(); b++) {
      List<BlockPath> allowed = allowedCandidates(b, chosen, encoding);
      chosen.add(allowed.get(random.nextInt(allowed.size())));
    }
    return architecture(chosen);
  }

  private List<BlockPath> allowedCandidates(int block, List<BlockPath> chosen, Encoding encoding) {
    String group = BlockwiseArchitecture.group(block);
    List<BlockPath> allowed = new ArrayList<>();
    for (BlockPath p : candidates(block, chosen)) {
      boolean ok = true;
      for (int l = 0; l < p.layers() && ok; l++) {
        ok = encoding.allowed(group, l, p.op(l));
      }
      if (ok) {
        allowed.add(p);
      }
    }
    if (allowed.isEmpty()) {
      throw new InvalidArchitectureException(name() + " block " + block + ": the encoding allows no candidate path");
    }
    return allowed;
  }

  /** The block paths of a one-op-per-layer encoding. */
  default List<BlockPath> paths(Encoding encoding) {
    List<BlockPath> paths = new ArrayList<>();
    for (int b = 0; b < blocks(); b++) {
      String group = BlockwiseArchitecture.group(b);
      int[] ops = new int[layers(b)];
      for (int l = 0; l < ops.length; l++) {
        int[] allowed = encoding.allowedOps(group, l);
        if (allowed.length != 1) {
          throw new IllegalArgumentException(name() + " builds single paths only: block " + b + " layer " + l
              + " allows " + allowed.length + " ops");
        }
        ops[l] = allowed[0];
      }
      paths.add(new BlockPath(ops));
    }
    return paths;
  }
}
