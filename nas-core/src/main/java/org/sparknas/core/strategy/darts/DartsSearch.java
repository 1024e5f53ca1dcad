package org.sparknas.core.strategy.darts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.AnalysisSettings;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.Sgd;

/**
 * DARTS (Liu et al., 2019): the bilevel search of specs/algorithms.md §0.1, {@link BilevelLoop}'s
 * steps and epoch ends as they are. Each step first updates the architecture logits on a fresh random validation batch (Adam;
 * first or second order), then the weights on the next train batch (SGD, global-norm clipping, cosine
 * schedule per epoch). After each epoch the supernet is scored on the validation half and the genotype
 * is derived.
 * <pre>{@code
 * SearchResult r = new DartsSearch(DartsSettings.from(settings)).search(context);
 * }</pre>
 */
public final class DartsSearch implements SearchStrategy {
  public static final String NAME = "darts";

  private final DartsSettings settings;
  private final AnalysisSettings analysis;

  public DartsSearch(DartsSettings settings, AnalysisSettings analysis) {
    this.settings = settings;
    this.analysis = analysis;
  }

  /** A search that measures nothing beyond the supernet's score. */
  public DartsSearch(DartsSettings settings) {
    this(settings, AnalysisSettings.OFF);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SearchResult search(SearchContext ctx) {
    BilevelLoop<DartsCheckpoint> loop = new BilevelLoop<>(NAME, ctx, settings, analysis) {
      @Override
      protected DartsCheckpoint checkpoint(int epochsDone, SupernetParameters parameters, Sgd sgd,
          Optimizer adam) {
        return new DartsCheckpoint(epochsDone, parameters, sgd, adam);
      }
    };
    BilevelLoop.EpochEnd end = loop.run();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("order", settings.order());
    return result(loop.net(), end, details);
  }

  /** The derived architecture as the one supernet candidate; {@code details} gain the final softmax(alpha). */
  public static SearchResult result(Supernet net, BilevelLoop.EpochEnd end, Map<String, Object> details) {
    details.put("alphas", net.architectureWeights().maskedSoftmax(Encoding.full(net.space())));
    String arch = end.architecture().canonical();
    return new SearchResult(arch, end.score(), List.of(new Candidate(arch, end.score().accuracy(), "supernet")),
        details);
  }
}
