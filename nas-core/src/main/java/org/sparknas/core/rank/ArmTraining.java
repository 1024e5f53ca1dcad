package org.sparknas.core.rank;

import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.rsps.UniformPaths;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.EpochLoop;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.PathTraining;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;

/** How the arms train a (sub-)supernet: RSPS's uniform single paths under its mask, one metrics row per epoch. */
final class ArmTraining {
  private ArmTraining() {}

  /** Batches and paths derive from {@code seed}; {@code phase} names the progress lines, Spark jobs and rows. */
  static void rsps(SearchContext ctx, Supernet net, Encoding mask, Optimizer sgd, TrainSettings t, long seed, String phase,
      boolean requireConnected) {
    PathTraining path = new PathTraining(ctx.runner(), net,
        new UniformPaths(ctx.space(), mask, requireConnected, seed, phase + "/path"), BatchNormMode.BATCH, sgd, t);
    EpochLoop.of(phase, new SearchData(ctx.data(), t, seed), t).run(ctx.runner(), Checkpoints.NONE, 0, t.epochs(),
        EpochLoop.Hooks.of(path::step, epoch -> {
          net.clearGraphs();
          ctx.metrics().record(epoch.row(phase).withElapsedSeconds(epoch.progress().elapsedSeconds()));
        }));
  }
}
