package org.sparknas.core.rank;

import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.fewshot.EdgeSplitter;
import org.sparknas.core.strategy.fewshot.FewShotSearch;
import org.sparknas.core.strategy.fewshot.FewShotSettings;
import org.sparknas.core.strategy.fewshot.Restart;
import org.sparknas.core.strategy.fewshot.RspsBase;
import org.sparknas.core.strategy.rsps.RspsSearch;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.core.supernet.MaskedSupernet;

/**
 * GM-NAS sub-supernets as a ranking arm: the few-shot search with the RSPS base (uniform single paths
 * within each mask) and the configured splitter ({@code nas.fewshot.splitter}, gradient matching by
 * default), as many splits as {@code nas.fewshot.split-epochs} lists. To spend exactly the one-shot
 * arm's budget of E epochs, every level gets the same share: with S splits level l (2^l sub-supernets)
 * trains E / ((S + 1) 2^l) epochs, so E must be a multiple of (S + 1) 2^S. Children inherit their
 * parent's weights and momentum (no restart), as the one-shot arm's weights train throughout.
 */
public record FewShotArm(FewShotSettings fewShot, RspsSettings rsps, EdgeSplitter splitter) implements SupernetArm {
  public static final String NAME = "few-shot";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long weightSteps(SearchContext ctx) {
    schedule(ctx.train().epochs());
    return SupernetArm.super.weightSteps(ctx);
  }

  @Override
  public List<MaskedSupernet> train(SearchContext ctx) {
    return new FewShotSearch(schedule(ctx.train().epochs()), new RspsBase(rsps, ctx.train()), splitter)
        .trainSubSupernets(ctx);
  }

  /** The few-shot schedule that spends {@code epochs} epochs of weight steps in total, equally per level. */
  FewShotSettings schedule(int epochs) {
    int splits = fewShot.splitEpochs().size();
    int unit = (splits + 1) << splits;
    if (epochs % unit != 0) {
      throw new ConfigException("nas.train.epochs", NAME + " with " + splits + " splits shares the budget equally "
          + "among its " + (splits + 1) + " levels, so the epochs must be a multiple of " + unit + ", got " + epochs);
    }
    List<Integer> at = new ArrayList<>();
    int epoch = 0;
    for (int level = 0; level < splits; level++) {
      epoch += epochs / (splits + 1) >> level;
      at.add(epoch);
    }
    return new FewShotSettings(RspsSearch.NAME, fewShot.splitter(), at, Restart.NONE, epochs / (splits + 1) >> splits,
        false, false, false, fewShot.selection());
  }
}
