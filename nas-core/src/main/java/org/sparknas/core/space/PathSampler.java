package org.sparknas.core.space;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws single paths of a (sub-)supernet, the step RSPS trains on in any space.
 * <pre>{@code
 * RandomGenerator rng = new SplittableRandom(Seeds.seed(master, "rsps-path", step));
 * Encoding path = PathSampler.samplePath(subSupernet, rng); // one op per edge
 * SDVariable logits = space.buildNetwork(graph, input, path);
 * }</pre>
 */
public final class PathSampler {
  private PathSampler() {}

  /**
   * A single path: for every group and edge, one op drawn uniformly from the ops the row of
   * {@code encoding} allows, and only that op allowed in the result. A row that allows nothing (a
   * dropped edge) stays all-false, so a path never revives an edge its supernet does not have.
   * Groups and edges are visited in the encoding's order, one {@code nextInt} per edge with at least one
   * allowed op, so a seeded generator reproduces the path.
   */
  public static Encoding samplePath(Encoding encoding, RandomGenerator random) {
    Map<String, boolean[][]> masks = new LinkedHashMap<>();
    for (String group : encoding.groups()) {
      int edges = encoding.edges(group);
      boolean[][] rows = new boolean[edges][encoding.opCount(group)];
      for (int e = 0; e < edges; e++) {
        int[] ops = encoding.allowedOps(group, e);
        if (ops.length > 0) {
          rows[e][ops[random.nextInt(ops.length)]] = true;
        }
      }
      masks.put(group, rows);
    }
    return Encoding.of(masks);
  }
}
