package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.bossnas.BossnasSearch;
import org.sparknas.core.strategy.bossnas.BossnasSettings;
import org.sparknas.core.train.SearchData;

/**
 * The BossNAS arm: one BossNAS search over the block-wise space ({@code nas.bossnas}, blocks trained in
 * sequence, every candidate of every block rated towards its population centre), then every studied
 * architecture scored from the blocks' tables (specs/algorithms.md B.9). Its score is minus the BossNAS
 * architecture score (which is a loss), so that here too higher is better and a good ranking has a
 * positive correlation; the reference reports the magnitude of a negative one.
 */
public record BossnasArm(BossnasSettings settings) implements RankingArm {
  public static final String NAME = "bossnas";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Scores score(SearchContext ctx, List<String> archs, int[] evalIndices) {
    BlockwiseSpace space = blockwise(ctx);
    SearchResult search = new BossnasSearch(settings).search(ctx);
    double[] scores = new double[archs.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = -BossnasSearch.architectureScore(search, space.parse(archs.get(i)).blockPaths());
    }
    return new Scores(scores, 1);
  }

  /** Optimiser steps: every block's epochs. */
  @Override
  public long weightSteps(SearchContext ctx) {
    BlockwiseSpace space = blockwise(ctx);
    settings.pathsPerStep(space);
    return (long) space.blocks() * settings.epochsPerBlock()
        * new SearchData(ctx.data(), ctx.train(), ctx.seed()).stepsPerEpoch();
  }

  private static BlockwiseSpace blockwise(SearchContext ctx) {
    if (!(ctx.space() instanceof BlockwiseSpace space) || space.name().equals("hytra")) {
      throw new ConfigException("nas.rank.arms", "the bossnas arm needs a block-wise space whose candidate sets do not"
          + " depend on earlier blocks (nats-size, mbconv), not " + ctx.space().name());
    }
    return space;
  }
}
