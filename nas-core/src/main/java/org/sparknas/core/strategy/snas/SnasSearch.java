package org.sparknas.core.strategy.snas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.data.Batch;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStart;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.EpochStats;
import org.sparknas.core.train.Progress;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;

/**
 * SNAS (Xie et al., 2019) as GM-NAS plugs it in (specs/algorithms.md A.6): DARTS's loop with the
 * mixed-edge weights drawn as a Gumbel-softmax sample of alpha at a temperature that decays linearly
 * per epoch, a fresh sample every pass ({@link SnasStep}). After each epoch the supernet is scored on
 * the validation half and the architecture is derived as the per-edge argmax of softmax(alpha).
 *
 * <p>The per-epoch score is taken as the reference takes it: its {@code infer} runs the model in
 * training mode and the model samples on every call, so each evaluation batch sees a fresh Gumbel
 * sample at the epoch's temperature and batch norm uses the batch's statistics. (Running statistics, as
 * DARTS's score uses, average over many sampled architectures and fit none of them: on Fashion-MNIST
 * they gave 0.21-0.23 validation accuracy where the sampled networks trained at 0.28-0.45.) The
 * samples are seeded, so the score is reproducible.
 * <pre>{@code
 * SearchResult r = new SnasSearch(SnasSettings.from(settings)).search(context);
 * }</pre>
 */
public final class SnasSearch implements SearchStrategy {
  public static final String NAME = "snas";

  private final SnasSettings settings;

  public SnasSearch(SnasSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SearchResult search(SearchContext ctx) {
    TrainSettings t = ctx.train();
    SearchStart<SnasCheckpoint> start = SearchStart.load(ctx, NAME,
        () -> settings.alphaInit().parameters(ctx.space(), ctx.seed()));
    Supernet net = start.net();
    Encoding all = Encoding.full(ctx.space());
    SearchData data = new SearchData(ctx.data(), t, ctx.seed());
    Sgd sgd = start.sgd();
    Adam adam = start.restore(SnasCheckpoint::adam,
        () -> new Adam(settings.beta1(), settings.beta2(), 1e-8, settings.archWeightDecay()));
    CosineSchedule schedule = new CosineSchedule(t.lr(), t.lrMin(), t.epochs());
    TemperatureSchedule temperature = settings.temperature(t.epochs());
    SnasStep snas = new SnasStep(settings.archLr(), t.gradClip());
    Progress progress = new Progress(NAME, t.epochs(), data.stepsPerEpoch(), t.logEverySeconds());
    Score score = null;
    for (int epoch = start.firstEpoch(); epoch < t.epochs(); epoch++) {
      ctx.runner().phase(NAME + "/epoch-" + (epoch + 1));
      double lr = schedule.at(epoch);
      double tau = temperature.at(epoch);
      EpochStats stats = new EpochStats();
      for (int step = 0; step < data.stepsPerEpoch(); step++) {
        long global = data.globalStep(epoch, step);
        Batch train = data.trainBatch(epoch, step);
        Batch valid = data.validBatch(global);
        stats.add(snas.run(net, all, sgd, adam, train, valid, lr, tau, Seeds.seed(ctx.seed(), "snas/step", global),
            false), train);
        progress.step(epoch, step, stats.loss(), stats.accuracy());
      }
      score = supernetScore(net, all, data, t, tau, Seeds.seed(ctx.seed(), "snas/score", epoch));
      Map<String, Object> row = stats.row(NAME, epoch, lr);
      row.put("tau", tau);
      row.put("val_loss", score.loss());
      row.put("val_accuracy", score.accuracy());
      row.put("architecture", ctx.space().derive(net.architectureWeights(), all).canonical());
      row.put("alphas", net.architectureWeights().maskedSoftmax(all));
      row.put("elapsed_seconds", progress.elapsedSeconds());
      ctx.metrics().record(row);
      ctx.checkpoints().save(NAME, new SnasCheckpoint(epoch + 1, net.parameters(), sgd, adam));
    }
    if (score == null) { // resumed after the last epoch's checkpoint: the last epoch's score again
      int last = t.epochs() - 1;
      score = supernetScore(net, all, data, t, temperature.at(last), Seeds.seed(ctx.seed(), "snas/score", last));
    }
    Architecture arch = ctx.space().derive(net.architectureWeights(), all);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tau_final", temperature.at(t.epochs() - 1));
    details.put("alphas", net.architectureWeights().maskedSoftmax(all));
    return new SearchResult(arch.canonical(), score, List.of(new Candidate(arch.canonical(), score.accuracy(),
        "supernet")), details);
  }

  /** The sampled supernet on the scored validation images: a fresh Gumbel sample per batch, batch-norm batch statistics. */
  private static Score supernetScore(Supernet net, Encoding all, SearchData data, TrainSettings t, double tau,
      long seed) {
    SupernetGraph graph = net.graph(all, BatchNormMode.BATCH, EdgeWeighting.GUMBEL_SOFTMAX);
    return Evaluator.score(graph, data.validEval(), data.evalIndices(), t.evalBatchSize(),
        batch -> GumbelNoise.sample(net.space(), tau, Seeds.seed(seed, "batch", batch)));
  }
}
