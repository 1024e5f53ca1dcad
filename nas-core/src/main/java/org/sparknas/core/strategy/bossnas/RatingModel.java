package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.List;

/**
 * What the population-centre rating needs from the trained block, per candidate path: the engine's
 * side of {@link CentreRating}. Implementations carry (or load) the online and target weights and the
 * fixed views; both methods run one candidate's batch-norm recalibration (one fixed training batch,
 * statistics reset, momentum 1) and then forward every rating batch through blocks 0..b-1 along their
 * chosen paths and block b along {@code path}. They run inside parallel tasks, may run more than once,
 * and must return the same arrays every time.
 *
 * @param <P> the candidate path type
 */
public interface RatingModel<P extends Serializable> extends Serializable {

  /** Target projections {@code g_t(f_t(v; path))} of both views, one pair per rating batch, not normalised. */
  List<ProjectionPair> targetProjections(P path);

  /** Online predictions {@code q(g_o(f_o(v; path)))} of both views, one pair per rating batch. */
  List<ProjectionPair> onlinePredictions(P path);
}
