package org.sparknas.core.space;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The two ways BossNAS draws the K paths of a training step (specs/algorithms.md B.3 step 1).
 * <pre>{@code
 * List<BlockPath> fair = BlockPathSampling.fair(4, 4, 4, rng);          // MBConv, NATS-size
 * List<BlockPath> some = BlockPathSampling.distinct(candidates, 4, rng); // HyTra
 * }</pre>
 */
public final class BlockPathSampling {
  private BlockPathSampling() {}

  /**
   * Fair sampling (FairNAS, the reference's {@code FairPathHook}): {@code k} paths of {@code layers}
   * layers, {@code k} a multiple of {@code ops}, in which every op appears exactly once per layer in
   * each round of {@code ops} consecutive paths. A round is one independent uniform permutation of the
   * ops per layer, path j of the round taking the j-th entry. Draw order: rounds, then layers, each
   * permutation by a Fisher-Yates shuffle.
   */
  public static List<BlockPath> fair(int layers, int ops, int k, RandomGenerator random) {
    if (layers < 1 || ops < 1 || ops > 10) {
      throw new IllegalArgumentException("fair sampling needs layers >= 1 and 1 <= ops <= 10, got layers="
          + layers + " ops=" + ops);
    }
    if (k < ops || k % ops != 0) {
      throw new IllegalArgumentException("fair sampling puts every one of the " + ops
          + " ops once per layer in a round, so it draws a positive multiple of " + ops + " paths, not " + k);
    }
    int rounds = k / ops;
    List<BlockPath> paths = new ArrayList<>(k);
    for (int r = 0; r < rounds; r++) {
      int[][] perLayer = new int[layers][];
      for (int l = 0; l < layers; l++) {
        perLayer[l] = permutation(ops, random);
      }
      for (int j = 0; j < ops; j++) {
        int[] path = new int[layers];
        for (int l = 0; l < layers; l++) {
          path[l] = perLayer[l][j];
        }
        paths.add(new BlockPath(path));
      }
    }
    return List.copyOf(paths);
  }

  /**
   * {@code k} distinct candidates drawn uniformly without replacement (the reference's
   * {@code RandomPathHook}), in draw order; all of them, shuffled, when there are fewer than {@code k}.
   * One partial Fisher-Yates shuffle over the candidate indices.
   */
  public static List<BlockPath> distinct(List<BlockPath> candidates, int k, RandomGenerator random) {
    if (candidates.isEmpty() || k < 1) {
      throw new IllegalArgumentException("distinct sampling needs candidates and k >= 1, got "
          + candidates.size() + " candidates and k=" + k);
    }
    int n = candidates.size();
    int take = Math.min(k, n);
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    List<BlockPath> paths = new ArrayList<>(take);
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(n - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
      paths.add(candidates.get(index[i]));
    }
    return List.copyOf(paths);
  }

  /** Every sequence of {@code layers} ops from {@code 0..ops-1}, the first layer varying slowest. */
  public static List<BlockPath> all(int layers, int ops) {
    long count = Math.round(Math.pow(ops, layers));
    if (count > 1_000_000) {
      throw new IllegalArgumentException(ops + "^" + layers + " = " + count + " paths is too many to enumerate");
    }
    List<BlockPath> paths = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      int[] path = new int[layers];
      for (int l = layers - 1, rest = i; l >= 0; l--, rest /= ops) {
        path[l] = rest % ops;
      }
      paths.add(new BlockPath(path));
    }
    return List.copyOf(paths);
  }

  private static int[] permutation(int n, RandomGenerator random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
