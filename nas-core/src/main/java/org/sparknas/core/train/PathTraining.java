package org.sparknas.core.train;

import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;

/**
 * The step of single-path weight training, for {@link EpochLoop}: every step trains the graph of one
 * path (one op per edge) on its train batch with the optimiser and clipping of {@code settings}, on the
 * driver or data-parallel ({@code settings.shards() > 1}, runner tasks named after the step). RSPS
 * draws a new path each step (batch-statistic BN); from-scratch training keeps one path
 * (running-statistic BN).
 * <pre>{@code
 * PathTraining path = new PathTraining(runner, net, step -> samplePath(step), BatchNormMode.BATCH, sgd, settings);
 * EpochLoop.of("rsps", data, settings).run(runner, checkpoints, 0, settings.epochs(), hooks);  // hooks call path.step
 * }</pre>
 */
public record PathTraining(ParallelRunner runner, Supernet net, Paths paths, BatchNormMode mode, Optimizer optimizer,
    TrainSettings settings) {

  /** The path trained at a global step; a function of the step only, so a resumed run redraws it. */
  @FunctionalInterface
  public interface Paths {
    Encoding at(long globalStep);
  }

  /** The weight step of {@code step} on its path. */
  public Pass step(EpochLoop.Step step) {
    return WeightStep.run(net, paths.at(step.global()), mode, step.train(),
        new WeightStep.Shards(runner, step.where() + "/weights", settings.shards()),
        new WeightStep.Update(optimizer, step.lr(), settings.gradClip()));
  }
}
