package org.sparknas.core.strategy;

import org.sparknas.core.data.DataSource;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.Divergence;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.TrainSettings;

/**
 * What every strategy gets: the space, the search data, the shared training settings, the master seed,
 * the runner for parallel work items, the sink for per-epoch metrics (checked for divergence) and the
 * checkpoint store.
 */
public record SearchContext(SearchSpace space, DataSource data, TrainSettings train, long seed,
    ParallelRunner runner, MetricsSink metrics, Checkpoints checkpoints) {

  /** Every row passes {@link Divergence}: a NaN or infinite loss stops the search before the row is kept. */
  public SearchContext {
    metrics = Divergence.guard(metrics);
  }

  /** A context without checkpoints. */
  public SearchContext(SearchSpace space, DataSource data, TrainSettings train, long seed, ParallelRunner runner,
      MetricsSink metrics) {
    this(space, data, train, seed, runner, metrics, Checkpoints.NONE);
  }
}
