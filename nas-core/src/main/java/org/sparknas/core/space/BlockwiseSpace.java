package org.sparknas.core.space;

import java.io.Serializable;
import java.util.List;
import java.util.random.RandomGenerator;

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
 */
public interface BlockwiseSpace extends Serializable {

  /** Config name: {@code hytra}, {@code mbconv}, {@code nats-size}. */
  String name();

  int blocks();

  /** Searchable layers of block {@code block}. */
  int layers(int block);

  /** Op columns of every layer (the width of the encoding's rows). */
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
  BlockwiseArchitecture parse(String canonical);
}
