package org.sparknas.core.strategy;

import org.sparknas.core.data.DataSource;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.SearchSpace;

/**
 * What every strategy gets: the space, the search data, the shared training settings, the master seed,
 * the runner for parallel work items and the sink for per-epoch metrics.
 */
public record SearchContext(SearchSpace space, DataSource data, TrainSettings train, long seed,
    ParallelRunner runner, MetricsSink metrics) {}
