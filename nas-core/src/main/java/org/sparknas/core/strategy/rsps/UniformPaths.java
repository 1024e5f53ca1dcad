package org.sparknas.core.strategy.rsps;

import java.util.SplittableRandom;

import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.train.PathTraining;

/**
 * RSPS's path per step: one op per edge drawn uniformly among those {@code encoding} allows, from the
 * stream {@code Seeds.seed(seed, stream, step)}; with {@code requireConnected}, redrawn until the path
 * carries the input to the output (nb201).
 */
public record UniformPaths(SearchSpace space, Encoding encoding, boolean requireConnected, long seed, String stream)
    implements PathTraining.Paths {

  @Override
  public Encoding at(long globalStep) {
    return RspsPaths.path(space, encoding, requireConnected, new SplittableRandom(Seeds.seed(seed, stream, globalStep)));
  }
}
