package org.sparknas.core.strategy.darts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.TrainSettings;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.DataParallel;
import org.sparknas.core.train.EpochStats;
import org.sparknas.core.train.Progress;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.WeightStep;

/**
 * DARTS (Liu et al., 2019): the bilevel search of specs/algorithms.md §0.1. Each step first updates
 * the architecture logits on a fresh random validation batch (Adam; first or second order), then the
 * weights on the next train batch (SGD, global-norm clipping, cosine schedule per epoch). After each
 * epoch the supernet is scored on the validation half and the genotype is derived.
 * <pre>{@code
 * SearchResult r = new DartsSearch(DartsSettings.from(settings)).search(context);
 * }</pre>
 */
public final class DartsSearch implements SearchStrategy {
  public static final String NAME = "darts";

  private final DartsSettings settings;

  public DartsSearch(DartsSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SearchResult search(SearchContext ctx) {
    TrainSettings t = ctx.train();
    DartsCheckpoint resume = ctx.checkpoints().<DartsCheckpoint>load(NAME).orElse(null);
    Supernet net = resume == null ? Supernet.create(ctx.space(), ctx.seed())
        : new Supernet(ctx.space(), resume.parameters());
    Encoding all = Encoding.full(ctx.space());
    SupernetGraph graph = net.graph(all, BatchNormMode.TRAIN);
    SearchData data = new SearchData(ctx.data(), t, ctx.seed());
    Sgd sgd = resume == null ? new Sgd(t.momentum(), t.nesterov(), t.weightDecay()) : resume.sgd();
    Adam adam = resume == null ? new Adam(settings.beta1(), settings.beta2(), 1e-8, settings.archWeightDecay())
        : resume.adam();
    CosineSchedule schedule = new CosineSchedule(t.lr(), t.lrMin(), t.epochs());
    Progress progress = new Progress(NAME, t.epochs(), data.stepsPerEpoch(), t.logEverySeconds());
    Score score = null;
    Architecture arch = null;
    for (int epoch = resume == null ? 0 : resume.epochsDone(); epoch < t.epochs(); epoch++) {
      ctx.runner().phase(NAME + "/epoch-" + (epoch + 1));
      double lr = schedule.at(epoch);
      EpochStats stats = new EpochStats();
      for (int step = 0; step < data.stepsPerEpoch(); step++) {
        Batch train = data.trainBatch(epoch, step);
        Batch valid = data.validBatch(data.globalStep(epoch, step));
        String where = NAME + "/epoch-" + (epoch + 1) + "/step-" + (step + 1);
        Map<String, INDArray> alphaGrad = settings.order() == 1 && t.shards() > 1
            ? DataParallel.pass(ctx.runner(), where + "/alphas", net, all, BatchNormMode.TRAIN, valid,
                t.shards(), graph.alphaNames()).gradients()
            : DartsArchitect.gradient(settings.order(), graph, net.parameters().weights(), train, valid, lr, sgd);
        adam.step(net.parameters().alphas(), alphaGrad, settings.archLr());
        stats.add(t.shards() > 1
            ? WeightStep.apply(DataParallel.pass(ctx.runner(), where + "/weights", net, all, BatchNormMode.TRAIN,
                train, t.shards(), graph.weightNames()), net.parameters(), sgd, lr, t.gradClip())
            : WeightStep.run(graph, net.parameters(), train, sgd, lr, t.gradClip()), train);
        progress.step(epoch, step, stats.loss(), stats.accuracy());
      }
      score = supernetScore(net, all, data, t);
      arch = ctx.space().derive(net.architectureWeights(), all);
      Map<String, Object> row = stats.row(NAME, epoch, lr);
      row.put("val_loss", score.loss());
      row.put("val_accuracy", score.accuracy());
      row.put("architecture", arch.canonical());
      row.put("alphas", softmaxAlphas(net, all));
      row.put("elapsed_seconds", progress.elapsedSeconds());
      ctx.metrics().record(row);
      ctx.checkpoints().save(NAME, new DartsCheckpoint(epoch + 1, net.parameters(), sgd, adam));
    }
    if (score == null) { // resumed after the last epoch's checkpoint
      score = supernetScore(net, all, data, t);
      arch = ctx.space().derive(net.architectureWeights(), all);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("order", settings.order());
    details.put("alphas", softmaxAlphas(net, all));
    return new SearchResult(arch.canonical(), score, List.of(new Candidate(arch.canonical(), score.accuracy(),
        "supernet")), details);
  }

  /** The supernet on the scored validation images, batch norm on running statistics. */
  private static Score supernetScore(Supernet net, Encoding all, SearchData data, TrainSettings t) {
    return Evaluator.score(net.graph(all, BatchNormMode.RUNNING), data.validEval(), data.evalIndices(),
        t.evalBatchSize());
  }

  /** softmax(alpha) per group, for metrics and plots. */
  public static Map<String, double[][]> softmaxAlphas(Supernet net, Encoding enc) {
    ArchitectureWeights weights = net.architectureWeights();
    Map<String, double[][]> m = new LinkedHashMap<>();
    for (String g : enc.groups()) {
      m.put(g, weights.maskedSoftmax(g, enc));
    }
    return m;
  }
}
