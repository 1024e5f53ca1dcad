package org.sparknas.core.strategy.rsps;

import java.util.SplittableRandom;

import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.PathSampler;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.train.PathTraining;

/**
 * RSPS's path per step: one op per edge drawn uniformly among those {@code encoding} allows, from the
 * stream {@code Seeds.seed(seed, stream, step)}; with {@code requireConnected}, redrawn until the path
 * carries the input to the output (nb201).
 */
public record UniformPaths(SearchSpace space, Encoding encoding, boolean requireConnected, long seed, String stream)
    implements PathTraining.Paths {
  /** Draws per path before giving up on a connected one (a space where few paths connect). */
  private static final int MAX_DRAWS = 1000;

  @Override
  public Encoding at(long globalStep) {
    SplittableRandom rng = new SplittableRandom(Seeds.seed(seed, stream, globalStep));
    for (int i = 0; i < MAX_DRAWS; i++) {
      Encoding path = PathSampler.samplePath(encoding, rng);
      if (!requireConnected || space.connected(path)) {
        return path;
      }
    }
    throw new IllegalStateException("no connected path in " + MAX_DRAWS + " draws; set nas.rsps.require-connected = false");
  }
}
