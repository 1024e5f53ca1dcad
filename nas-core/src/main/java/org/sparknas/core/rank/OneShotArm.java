package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.MaskedSupernet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.TrainSettings;

/**
 * The one-shot arm: one supernet over the whole space, trained as RSPS trains it (a uniformly drawn
 * single path per step, batch-statistic BN) for the whole budget.
 */
public record OneShotArm(boolean requireConnected) implements SupernetArm {
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
    ArmTraining.rsps(ctx, net, all, t.newSgd(), t, seed, phase,
        requireConnected);
    return List.of(new MaskedSupernet(all, net));
  }
}
