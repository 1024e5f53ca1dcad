package org.sparknas.core.strategy.rsps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.PathSampler;
import org.sparknas.core.space.SearchSpace;

/**
 * The random draws of RSPS within what an encoding allows (the one-shot supernet or a GM-NAS
 * sub-supernet): the single path one training step trains, and the distinct architectures scored at
 * the end.
 */
public final class RspsPaths {
  /** Draws per path before giving up on a connected one (a space where few paths connect). */
  private static final int MAX_DRAWS = 1000;

  private RspsPaths() {}

  /** One op per edge, uniformly among the allowed ops, redrawn until the path is connected when required. */
  public static Encoding path(SearchSpace space, Encoding encoding, boolean requireConnected, RandomGenerator rng) {
    for (int i = 0; i < MAX_DRAWS; i++) {
      Encoding path = PathSampler.samplePath(encoding, rng);
      if (!requireConnected || space.connected(path)) {
        return path;
      }
    }
    throw new IllegalStateException("no connected path in " + MAX_DRAWS + " draws; set nas.rsps.require-connected = false");
  }

  /** Up to {@code n} distinct architectures in draw order (fewer when the encoding allows fewer). */
  public static List<String> distinctArchitectures(SearchSpace space, Encoding encoding, int n, RandomGenerator rng) {
    return distinctArchitectures(space, encoding, n, rng, a -> true);
  }

  /** Up to {@code n} distinct architectures that {@code keep} accepts, in draw order, within {@code 50 n} draws. */
  public static List<String> distinctArchitectures(SearchSpace space, Encoding encoding, int n, RandomGenerator rng,
      Predicate<Architecture> keep) {
    Set<String> seen = new LinkedHashSet<>();
    for (int draws = 0; seen.size() < n && draws < 50L * n; draws++) {
      Architecture a = space.sample(encoding, rng);
      if (keep.test(a)) {
        seen.add(a.canonical());
      }
    }
    return new ArrayList<>(seen);
  }
}
