package org.sparknas.core.strategy.fewshot;

import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.Supernet;

/**
 * Chooses an unsplit edge of a (sub-)supernet and partitions its allowed ops into groups. The
 * gradient-matching splitter is GM-NAS's; others (random edge, as the reference code's
 * {@code edge_crit=random}) serve as baselines.
 */
public interface EdgeSplitter {

  /**
   * @param phase the phase name for logs and Spark job descriptions ({@code fewshot/split-1/subnet-0})
   * @param seed the seed of this split, derived from the master seed, the level and the sub-supernet
   */
  SplitDecision split(SearchContext context, Supernet parent, Encoding encoding, String phase, long seed);
}
