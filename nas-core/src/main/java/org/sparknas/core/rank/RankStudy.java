package org.sparknas.core.rank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.eval.RankCorrelation;
import org.sparknas.core.retrain.ScratchCurve;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.rsps.RspsPaths;
import org.sparknas.core.train.SearchData;

/**
 * How well do supernet scores rank architectures? Samples distinct architectures, trains each from
 * scratch as one work item (ground truth: final validation accuracy), lets every arm train on the same
 * weight-training budget and score every architecture ({@link SupernetArm}: accuracy with inherited
 * weights; {@link BossnasArm}: minus the BossNAS architecture score) and correlates the scores with the
 * ground truth (Kendall tau-b, Spearman).
 * <pre>{@code
 * RankResult r = new RankStudy(RankSettings.from(settings)).run(context);
 * }</pre>
 */
public final class RankStudy {
  private static final Logger LOG = LoggerFactory.getLogger(RankStudy.class);

  private final RankSettings settings;

  public RankStudy(RankSettings settings) {
    this.settings = settings;
  }

  public RankResult run(SearchContext ctx) {
    SearchSpace space = ctx.space();
    // every budget is checked against the space and data before any training
    long scratchSteps = (long) settings.architectures() * settings.retrain().epochs()
        * new SearchData(ctx.data(), settings.retrain(), ctx.seed()).stepsPerEpoch();
    int[] evalIndices = new SearchData(ctx.data(), ctx.train(), ctx.seed()).evalIndices();
    Map<String, Long> armSteps = new LinkedHashMap<>();
    settings.arms().forEach(arm -> armSteps.put(arm.name(), arm.weightSteps(ctx)));
    List<String> archs = sample(space, Seeds.seed(ctx.seed(), "rank/architectures"));
    LOG.info("rank: {} architectures, {} from-scratch epochs each ({} weight steps in all); arm weight steps {}",
        archs.size(), settings.retrain().epochs(), scratchSteps, armSteps);

    List<ScratchItem> items = new ArrayList<>();
    for (int i = 0; i < archs.size(); i++) {
      items.add(new ScratchItem(i, archs.get(i), Seeds.seed(ctx.seed(), "rank/scratch", i)));
    }
    ScratchTraining scratch = new ScratchTraining(space, ctx.data(), settings.retrain());
    List<ScratchCurve> curves = ctx.runner().map("rank/scratch", scratch, items, RankStudy::trainFromScratch);
    for (int i = 0; i < curves.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("phase", "rank/scratch");
      row.put("index", i);
      row.put("architecture", archs.get(i));
      row.put("val_accuracy", curves.get(i).finalAccuracy());
      ctx.metrics().event("ground-truth", row);
    }
    double[] truth = curves.stream().mapToDouble(ScratchCurve::finalAccuracy).toArray();

    List<ArmResult> arms = new ArrayList<>();
    for (RankingArm arm : settings.arms()) {
      long start = System.nanoTime();
      RankingArm.Scores scores = arm.score(ctx, archs, evalIndices);
      ArmResult r = new ArmResult(arm.name(), scores.values(), RankCorrelation.kendallTauB(truth, scores.values()),
          RankCorrelation.spearman(truth, scores.values()), armSteps.get(arm.name()), scores.members(),
          (System.nanoTime() - start) / 1e9);
      LOG.info("rank/{}: Kendall tau-b {}, Spearman {} over {} architectures", arm.name(),
          String.format("%.4f", r.kendallTauB()), String.format("%.4f", r.spearman()), archs.size());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("phase", "rank/" + arm.name() + "/scores");
      row.put("kendall_tau_b", RankReport.finiteOrNull(r.kendallTauB()));
      row.put("spearman", RankReport.finiteOrNull(r.spearman()));
      ctx.metrics().event("correlation", row);
      arms.add(r);
    }
    return new RankResult(curves, scratchSteps, arms);
  }

  private static ScratchCurve trainFromScratch(ScratchTraining scratch, ScratchItem item) {
    return scratch.train(item.architecture(), item.seed(), "rank/scratch/arch-" + item.index());
  }

  /** The configured number of distinct (connected, if asked) architectures in draw order. */
  private List<String> sample(SearchSpace space, long seed) {
    int n = settings.architectures();
    List<String> archs = RspsPaths.distinctArchitectures(space, Encoding.full(space), n, new SplittableRandom(seed),
        a -> !settings.connectedOnly() || space.connected(a.encoding()));
    if (archs.size() < n) {
      throw new IllegalStateException("found only " + archs.size() + " distinct architectures in " + 50L * n
          + " draws; lower nas.rank.architectures (or set nas.rank.connected-only = false)");
    }
    return archs;
  }
}
