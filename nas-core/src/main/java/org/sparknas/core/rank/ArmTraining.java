package org.sparknas.core.rank;

import java.util.Map;

import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.rsps.UniformPaths;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.PathTraining;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;

/** How the arms train a (sub-)supernet: RSPS's uniform single paths under its mask, one metrics row per epoch. */
final class ArmTraining {
  private ArmTraining() {}

  /** Batches and paths derive from {@code seed}; {@code phase} names the progress lines, Spark jobs and rows. */
  static void rsps(SearchContext ctx, Supernet net, Encoding mask, Sgd sgd, TrainSettings t, long seed, String phase,
      boolean requireConnected) {
    UniformPaths paths = new UniformPaths(ctx.space(), mask, requireConnected, seed, phase + "/path");
    new PathTraining(net, new SearchData(ctx.data(), t, seed), t, BatchNormMode.BATCH).run(phase,
        ctx.runner(), sgd, 0, paths, (epoch, lr, stats, progress) -> {
          net.clearGraphs();
          Map<String, Object> row = stats.row(phase, epoch, lr);
          row.put("elapsed_seconds", progress.elapsedSeconds());
          ctx.metrics().record(row);
        });
  }
}
