/**
 * BossNAS (specs/algorithms.md B; docs/bossnas.md): {@link org.sparknas.core.strategy.bossnas.BossnasSearch}
 * trains the blocks of a {@link org.sparknas.core.space.BlockwiseSpace} in sequence and rates every
 * candidate of each. A block's networks are the space's backbone and adapter plus the block's neck and
 * predictor ({@link org.sparknas.core.strategy.bossnas.BlockNetworks}); a step's K paths run as
 * path-parallel tasks ({@link org.sparknas.core.strategy.bossnas.PathStep}) on per-thread engines
 * ({@code SiameseEngine}) with the ensemble-bootstrapping loss
 * ({@link org.sparknas.core.strategy.bossnas.BootstrapLoss}); the population-centre rating is arithmetic
 * over cached projections ({@link org.sparknas.core.strategy.bossnas.PopulationCentre}) run as two passes
 * of parallel tasks ({@link org.sparknas.core.strategy.bossnas.CentreRating} over
 * {@link org.sparknas.core.strategy.bossnas.CandidateRating}). Scores are losses throughout: lower is
 * better. LARS and the schedules live in {@code org.sparknas.core.train}, the two views in
 * {@code org.sparknas.core.data}.
 */
package org.sparknas.core.strategy.bossnas;
