package org.sparknas.core.strategy.snas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.EpochLoop;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.SearchData;
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
    Optimizer sgd = start.sgd();
    Optimizer adam = start.restore(SnasCheckpoint::adam,
        () -> new Adam(settings.beta1(), settings.beta2(), 1e-8, settings.archWeightDecay()));
    TemperatureSchedule temperature = settings.temperature(t.epochs());
    SnasEpochs epochs = new SnasEpochs(ctx, net, all, data, sgd, adam, temperature);
    EpochLoop.of(NAME, data, t).run(ctx.runner(), ctx.checkpoints(), start.firstEpoch(), t.epochs(), epochs);
    // resumed after the last epoch's checkpoint: the last epoch's score again
    Score score = epochs.last != null ? epochs.last : epochs.score(t.epochs() - 1);
    Architecture arch = ctx.space().derive(net.architectureWeights(), all);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tau_final", temperature.at(t.epochs() - 1));
    details.put("alphas", net.architectureWeights().maskedSoftmax(all));
    return new SearchResult(arch.canonical(), score, List.of(new Candidate(arch.canonical(), score.accuracy(),
        "supernet")), details);
  }

  /** SNAS's steps and epoch ends in the {@link EpochLoop}; {@code last} is the latest epoch's supernet score. */
  private final class SnasEpochs implements EpochLoop.Hooks {
    private final SearchContext ctx;
    private final Supernet net;
    private final Encoding all;
    private final SearchData data;
    private final Optimizer sgd;
    private final Optimizer adam;
    private final TemperatureSchedule temperature;
    private final SnasStep snas;
    private Score last;

    SnasEpochs(SearchContext ctx, Supernet net, Encoding all, SearchData data, Optimizer sgd, Optimizer adam,
        TemperatureSchedule temperature) {
      this.ctx = ctx;
      this.net = net;
      this.all = all;
      this.data = data;
      this.sgd = sgd;
      this.adam = adam;
      this.temperature = temperature;
      this.snas = new SnasStep(settings.archLr(), ctx.train().gradClip());
    }

    @Override
    public Pass step(EpochLoop.Step step) {
      return snas.run(net, all, sgd, adam, new SnasStep.Input(step.train(), data.validBatch(step.global()), step.lr(),
          temperature.at(step.epoch()), Seeds.seed(ctx.seed(), "snas/step", step.global()), true));
    }

    @Override
    public void endEpoch(EpochLoop.Epoch epoch) {
      last = score(epoch.index());
      ctx.metrics().record(epoch.row(NAME).withTau(temperature.at(epoch.index()))
          .withValidation(new EpochRow.Validation(last.loss(), last.accuracy(),
              ctx.space().derive(net.architectureWeights(), all).canonical(),
              net.architectureWeights().maskedSoftmax(all)))
          .withElapsedSeconds(epoch.progress().elapsedSeconds()));
    }

    @Override
    public SnasCheckpoint checkpoint(int epochsDone) {
      return new SnasCheckpoint(epochsDone, net.parameters(), sgd, adam);
    }

    /**
     * The sampled supernet on the scored validation images after epoch {@code epoch}: a fresh Gumbel
     * sample per batch at the epoch's temperature, batch-norm batch statistics.
     */
    Score score(int epoch) {
      long seed = Seeds.seed(ctx.seed(), "snas/score", epoch);
      double tau = temperature.at(epoch);
      SupernetGraph graph = net.graph(all, BatchNormMode.BATCH, EdgeWeighting.GUMBEL_SOFTMAX);
      return Evaluator.score(graph, data.validEval(), data.evalIndices(), ctx.train().evalBatchSize(),
          batch -> GumbelNoise.sample(net.space(), tau, Seeds.seed(seed, "batch", batch)));
    }
  }
}
