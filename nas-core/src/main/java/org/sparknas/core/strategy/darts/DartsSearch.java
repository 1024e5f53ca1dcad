package org.sparknas.core.strategy.darts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.AnalysisSettings;
import org.sparknas.core.train.EpochAnalysis;
import org.sparknas.core.train.Progress;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;

/**
 * DARTS (Liu et al., 2019): the bilevel search of specs/algorithms.md §0.1, run by {@link BilevelLoop}
 * as it is. Each step first updates the architecture logits on a fresh random validation batch (Adam;
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
      protected DartsCheckpoint checkpoint(int epochsDone, SupernetParameters parameters, Sgd sgd, Adam adam) {
        return new DartsCheckpoint(epochsDone, parameters, sgd, adam);
      }
    };
    EpochEnd end = loop.run();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("order", settings.order());
    return result(loop.net(), end, details);
  }

  /** The supernet's score and derived architecture after an epoch. */
  public record EpochEnd(Score score, Architecture architecture) {}

  /**
   * The supernet on the scored validation images (batch norm on running statistics) and the
   * architecture derived from its alphas.
   */
  public static EpochEnd evaluate(SearchContext ctx, Supernet net, SearchData data) {
    Encoding all = Encoding.full(ctx.space());
    Score score = Evaluator.score(net.graph(all, BatchNormMode.RUNNING), data.validEval(), data.evalIndices(),
        ctx.train().evalBatchSize());
    return new EpochEnd(score, ctx.space().derive(net.architectureWeights(), all));
  }

  /**
   * The end of an epoch of a DARTS-style search (SD-DARTS shares it): evaluates, completes {@code row}
   * (whose head the method filled) with the validation score, the architecture, softmax(alpha), the
   * {@code nas.analysis} columns and the elapsed time, and records it.
   */
  public static EpochEnd endEpoch(SearchContext ctx, Supernet net, SearchData data, AnalysisSettings analysis,
      int epoch, Map<String, Object> row, Progress progress) {
    EpochEnd end = evaluate(ctx, net, data);
    Encoding all = Encoding.full(ctx.space());
    row.put("val_loss", end.score().loss());
    row.put("val_accuracy", end.score().accuracy());
    row.put("architecture", end.architecture().canonical());
    row.put("alphas", net.architectureWeights().maskedSoftmax(all));
    row.putAll(EpochAnalysis.columns(analysis, net, all, end.architecture(), end.score(), data, ctx.train(),
        ctx.seed(), epoch));
    row.put("elapsed_seconds", progress.elapsedSeconds());
    ctx.metrics().record(row);
    return end;
  }

  /** The derived architecture as the one supernet candidate; {@code details} gain the final softmax(alpha). */
  public static SearchResult result(Supernet net, EpochEnd end, Map<String, Object> details) {
    details.put("alphas", net.architectureWeights().maskedSoftmax(Encoding.full(net.space())));
    String arch = end.architecture().canonical();
    return new SearchResult(arch, end.score(), List.of(new Candidate(arch, end.score().accuracy(), "supernet")),
        details);
  }
}
