package org.sparknas.core.rank;

import java.util.List;
import java.util.Map;

import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.TrainSettings;
import org.sparknas.core.strategy.rsps.UniformPaths;
import org.sparknas.core.supernet.MaskedSupernet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.PathTraining;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;

/**
 * The one-shot arm: one supernet over the whole space, trained as RSPS trains it (a uniformly drawn
 * single path per step, batch-statistic BN) for the whole budget.
 */
public record OneShotArm(boolean requireConnected) implements RankingArm {
  public static final String NAME = "one-shot";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<MaskedSupernet> train(SearchContext ctx) {
    String phase = "rank/" + NAME;
    long seed = Seeds.seed(ctx.seed(), phase);
    TrainSettings t = ctx.train();
    Encoding all = Encoding.full(ctx.space());
    Supernet net = Supernet.create(ctx.space(), seed);
    Sgd sgd = new Sgd(t.momentum(), t.nesterov(), t.weightDecay());
    UniformPaths paths = new UniformPaths(ctx.space(), all, requireConnected, seed, phase + "/path");
    new PathTraining(net, new SearchData(ctx.data(), t, seed), t, BatchNormMode.BATCH).run(phase, ctx.runner()::phase,
        sgd, 0, paths, (epoch, lr, stats, progress) -> {
          net.clearGraphs();
          Map<String, Object> row = stats.row(phase, epoch, lr);
          row.put("elapsed_seconds", progress.elapsedSeconds());
          ctx.metrics().record(row);
        });
    return List.of(new MaskedSupernet(all, net));
  }
}
