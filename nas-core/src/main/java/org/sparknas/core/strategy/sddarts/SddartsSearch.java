package org.sparknas.core.strategy.sddarts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.darts.BilevelLoop;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.train.AnalysisSettings;

/**
 * SD-DARTS (specs/algorithms.md C.3): each step is DARTS's architecture step, then a weight step on
 * {@code CE + lambda tau^2 KL(P_T || softmax(z / tau))}, where {@code P_T} is the vote of the teacher
 * snapshots on the same train batch; then, on the snapshot schedule, the student joins the FIFO of
 * teachers. With no teacher yet the step is plain DARTS. Epochs end as DARTS's do (score, genotype,
 * {@code nas.analysis} columns), plus the mean distillation KL and lambda. The loop is DARTS's
 * {@link org.sparknas.core.strategy.darts.BilevelLoop} with SD-DARTS's steps ({@link DistillingLoop}).
 * <pre>{@code
 * SearchResult r = new SddartsSearch(SddartsSettings.from(settings), AnalysisSettings.from(settings)).search(ctx);
 * }</pre>
 */
public final class SddartsSearch implements SearchStrategy {
  public static final String NAME = "sddarts";

  private final SddartsSettings settings;
  private final AnalysisSettings analysis;

  public SddartsSearch(SddartsSettings settings, AnalysisSettings analysis) {
    this.settings = settings;
    this.analysis = analysis;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SearchResult search(SearchContext ctx) {
    DistillingLoop loop = new DistillingLoop(ctx, settings, analysis);
    BilevelLoop.EpochEnd end = loop.run();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("order", settings.darts().order());
    details.put("teachers", settings.teachers());
    details.put("snapshot", settings.epochSnapshots() ? "epoch" : "step");
    details.put("snapshot_every", settings.snapshotEvery());
    details.put("vote", settings.vote().configName());
    details.put("temperature", settings.temperature());
    details.put("lambda", settings.lambda());
    details.put("ramp", settings.linearRamp() ? "linear" : "none");
    details.put("distill_arch", settings.distillArchitecture());
    return DartsSearch.result(loop.net(), end, details);
  }
}
