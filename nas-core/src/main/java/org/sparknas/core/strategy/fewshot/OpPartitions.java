package org.sparknas.core.strategy.fewshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-group partitions of an edge's K ops that GM-NAS considers (specs/algorithms.md A.4), and the
 * one with the smallest within-group distance. One rule for every space: group A is every subset with
 * {@code 2 <= |A| <= floor(K/2)} in Python's {@code itertools.combinations} order (size 2 first, each
 * size lexicographic), group B its complement. That is the DARTS-space reference rule (K=7: 21 + 35 =
 * 56 partitions); for K=5 it lists exactly the NB201 reference's partitions, the 10 pairs (i<j) in
 * lexicographic order against the other 3 ops, so both references pick the same cut.
 * <pre>{@code
 * OpPartitions.Cut best = OpPartitions.minWithin(distances);   // K x K, symmetric
 * best.groupA(); best.within(); best.cross();
 * }</pre>
 */
public final class OpPartitions {
  private OpPartitions() {}

  /**
   * One partition of positions {@code 0..K-1}: the two groups (ascending), the within-group distance
   * sum {@code W = sum_{i<j, same group} d_ij} and the sum over all pairs {@code sum_{i<j} d_ij}.
   */
  public record Cut(List<Integer> groupA, List<Integer> groupB, double within, double total) {
    /** The cut distance {@code C = sum_{i in A, j in B} d_ij = total - W}. */
    public double cross() {
      return total - within;
    }
  }

  /** The groups A of every partition of K ops, in enumeration order. */
  public static List<int[]> groupsA(int k) {
    List<int[]> out = new ArrayList<>();
    for (int size = 2; size <= k / 2; size++) {
      combinations(k, size, 0, new int[size], 0, out);
    }
    return out;
  }

  private static void combinations(int k, int size, int from, int[] chosen, int depth, List<int[]> out) {
    if (depth == size) {
      out.add(chosen.clone());
      return;
    }
    for (int i = from; i <= k - (size - depth); i++) {
      chosen[depth] = i;
      combinations(k, size, i + 1, chosen, depth + 1, out);
    }
  }

  /** The partition with the smallest within-group distance; ties keep the first enumerated (strict {@code <}). */
  public static Cut minWithin(double[][] d) {
    int k = d.length;
    List<int[]> candidates = groupsA(k);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("an edge with " + k + " ops cannot be split into two groups of at least 2");
    }
    double total = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        total += d[i][j];
      }
    }
    int[] best = null;
    double bestWithin = Double.POSITIVE_INFINITY;
    for (int[] a : candidates) {
      boolean[] inA = new boolean[k];
      for (int i : a) {
        inA[i] = true;
      }
      double within = 0;
      for (int i = 0; i < k; i++) {
        for (int j = i + 1; j < k; j++) {
          within += inA[i] == inA[j] ? d[i][j] : 0;
        }
      }
      if (within < bestWithin) {
        bestWithin = within;
        best = a;
      }
    }
    List<Integer> groupA = new ArrayList<>();
    List<Integer> groupB = new ArrayList<>();
    for (int i = 0, next = 0; i < k; i++) {
      if (next < best.length && best[next] == i) {
        groupA.add(i);
        next++;
      } else {
        groupB.add(i);
      }
    }
    return new Cut(List.copyOf(groupA), List.copyOf(groupB), bestWithin, total);
  }
}
