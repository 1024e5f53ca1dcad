package org.sparknas.core.rank;

import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.MaskedSupernet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;

/**
 * The original few-shot split (Zhao et al., 2021) as a ranking arm: a one-shot supernet trained as RSPS
 * trains it for the first half of the budget (rounded down), then split on one edge of the first alpha
 * group into one sub-supernet per op (that edge allows only that op). Each child inherits the weights
 * and momentum and trains its own paths for the remaining epochs, on a 1/K share of each epoch's steps
 * (K ops), with the cosine schedule restarted; so the children together take the other half.
 */
public record FewShotOpArm(boolean requireConnected, int edge) implements SupernetArm {
  public static final String NAME = "few-shot-op";
  static final String EDGE_KEY = "nas.rank.split-edge";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long weightSteps(SearchContext ctx) {
    int ops = ctx.space().opCount();
    String group = ctx.space().groups().get(0).name();
    int edges = ctx.space().groups().get(0).edges();
    if (edge >= edges) {
      throw new ConfigException(EDGE_KEY, "edge " + edge + " does not exist: group " + group + " of space "
          + ctx.space().name() + " has edges 0.." + (edges - 1));
    }
    int steps = new SearchData(ctx.data(), ctx.train(), ctx.seed()).stepsPerEpoch();
    if (steps < ops) {
      throw new ConfigException("nas.train.steps-per-epoch", NAME + " shares each epoch's " + steps
          + " steps among " + ops + " sub-supernets; it needs at least " + ops);
    }
    int warmUp = ctx.train().epochs() / 2;
    return (long) warmUp * steps + (long) (ctx.train().epochs() - warmUp) * (steps / ops) * ops;
  }

  @Override
  public List<MaskedSupernet> train(SearchContext ctx) {
    String phase = "rank/" + NAME;
    long seed = Seeds.seed(ctx.seed(), phase);
    TrainSettings t = ctx.train();
    Encoding all = Encoding.full(ctx.space());
    SearchData data = new SearchData(ctx.data(), t, seed);
    int warmUp = t.epochs() / 2;
    Supernet parent = Supernet.create(ctx.space(), seed);
    Sgd sgd = t.newSgd();
    if (warmUp > 0) {
      ArmTraining.rsps(ctx, parent, all, sgd, t.withSchedule(warmUp, data.stepsPerEpoch(), t.lr(), t.lrMin()), seed,
          phase + "/warm-up", requireConnected);
    }
    String group = ctx.space().groups().get(0).name();
    int ops = ctx.space().opCount();
    TrainSettings childSettings = t.withSchedule(t.epochs() - warmUp, data.stepsPerEpoch() / ops, t.lr(), t.lrMin());
    List<MaskedSupernet> children = new ArrayList<>();
    for (int op = 0; op < ops; op++) {
      boolean[] row = new boolean[ops];
      row[op] = true;
      Encoding mask = all.withRow(group, edge, row);
      Supernet child = new Supernet(ctx.space(), parent.parameters().copy());
      ArmTraining.rsps(ctx, child, mask, sgd.copy(), childSettings, Seeds.seed(seed, "op", op), phase + "/op-" + op,
          requireConnected);
      children.add(new MaskedSupernet(mask, child));
    }
    return children;
  }
}
