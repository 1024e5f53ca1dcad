/**
 * BossNAS (specs/algorithms.md B), the parts that need no network: the ensemble-bootstrapping loss
 * with its gradient ({@link org.sparknas.core.strategy.bossnas.BootstrapLoss}), the population-centre
 * rating as arithmetic over cached projections ({@link org.sparknas.core.strategy.bossnas.PopulationCentre})
 * and as two passes of parallel tasks ({@link org.sparknas.core.strategy.bossnas.CentreRating} over a
 * {@link org.sparknas.core.strategy.bossnas.RatingModel} the engine provides), and the
 * {@code nas.bossnas} settings. Scores are losses throughout: lower is better. The spaces are
 * {@link org.sparknas.core.space.BlockwiseSpace}s; LARS and the schedules live in
 * {@code org.sparknas.core.train}, the two views in {@code org.sparknas.core.data}.
 */
package org.sparknas.core.strategy.bossnas;
