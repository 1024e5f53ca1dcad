package org.sparknas.core.strategy.fewshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.Supernet;

/**
 * The random baseline of GM-NAS ({@code edge_crit=random}): a seeded uniformly chosen unsplit edge,
 * its ops cut into two groups at random, the first of {@code floor(K/2)} ops (within the gradient-matching
 * size bounds {@code 2 <= |A| <= floor(K/2)} of specs/algorithms.md A.4: 2 vs 3 on NB201, 3 vs 4 in the
 * 7-op DARTS space). It computes no gradients: no distance matrix, score 0.
 */
public final class RandomEdgeSplitter implements EdgeSplitter {

  @Override
  public SplitDecision split(SearchContext context, Supernet parent, Encoding encoding, String phase, long seed) {
    List<String[]> unsplit = new ArrayList<>();
    for (String group : encoding.groups()) {
      for (int e = 0; e < encoding.edges(group); e++) {
        if (encoding.isUnsplit(group, e)) {
          unsplit.add(new String[] {group, String.valueOf(e)});
        }
      }
    }
    if (unsplit.isEmpty()) {
      throw new IllegalStateException("no unsplit edge left to split in\n" + encoding);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    String[] chosen = unsplit.get(rng.nextInt(unsplit.size()));
    String group = chosen[0];
    int edge = Integer.parseInt(chosen[1]);
    int[] ops = encoding.allowedOps(group, edge);
    int[] shuffled = ops.clone();
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    int first = ops.length / 2;
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int i = 0; i < shuffled.length; i++) {
      (i < first ? a : b).add(shuffled[i]);
    }
    a.sort(null);
    b.sort(null);
    return new SplitDecision(group, edge, List.of(List.copyOf(a), List.copyOf(b)), null, 0.0, Map.of());
  }
}
