package org.sparknas.core.strategy.darts;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchStart;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.AnalysisSettings;
import org.sparknas.core.train.DataParallel;
import org.sparknas.core.train.EpochAnalysis;
import org.sparknas.core.train.EpochLoop;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.train.WeightStep;

/**
 * The bilevel step and epoch end of DARTS (specs/algorithms.md §0.1) that DARTS-style methods share, as
 * hooks of the {@link EpochLoop}. Each step first updates the architecture logits on a fresh random
 * validation batch (Adam), then the weights on the step's train batch (SGD, global-norm clipping,
 * cosine schedule per epoch); each epoch ends with the supernet's score on the validation half, the
 * derived genotype, the {@code nas.analysis} columns and a checkpoint. It resumes from the method's
 * checkpoint. The protected hooks do what DARTS does; a variant overrides them (SD-DARTS distils in its
 * architecture and weight steps and snapshots teachers after steps).
 * <pre>{@code
 * BilevelLoop<DartsCheckpoint> loop = new BilevelLoop<>("darts", ctx, settings, analysis) {
 *   protected DartsCheckpoint checkpoint(int epochsDone, SupernetParameters p, Sgd sgd, Optimizer adam) { ... }
 * };
 * BilevelLoop.EpochEnd end = loop.run();
 * }</pre>
 */
public abstract class BilevelLoop<C extends BilevelCheckpoint> implements EpochLoop.Hooks {

  /** One step's inputs: the loop's step and the fresh validation batch of its architecture step. */
  public record Step(EpochLoop.Step at, Batch valid) {
    public long global() {
      return at.global();
    }

    public Batch train() {
      return at.train();
    }

    public double lr() {
      return at.lr();
    }
  }

  /** The supernet's score and derived architecture after an epoch. */
  public record EpochEnd(Score score, Architecture architecture) {}

  private final String name;
  private final SearchContext ctx;
  private final DartsSettings darts;
  private final EpochAnalysis analysis;
  private final SearchStart<C> start;
  private final Supernet net;
  private final Sgd sgd;
  private final Optimizer adam;
  private final Encoding all;
  private final SupernetGraph graph;
  private final SearchData data;
  private EpochEnd last;

  /** Loads the checkpoint {@code name} if there is one; {@code name} also names the phases and metric rows. */
  protected BilevelLoop(String name, SearchContext ctx, DartsSettings darts, AnalysisSettings analysis) {
    this.name = name;
    this.ctx = ctx;
    this.darts = darts;
    this.start = SearchStart.load(ctx, name);
    this.net = start.net();
    this.sgd = start.restore(BilevelCheckpoint::sgd, ctx.train()::newSgd);
    this.adam = start.restore(BilevelCheckpoint::adam, darts::architectureOptimizer);
    this.all = Encoding.full(ctx.space());
    this.graph = net.graph(all, BatchNormMode.TRAIN);
    this.data = new SearchData(ctx.data(), ctx.train(), ctx.seed());
    this.analysis = new EpochAnalysis(analysis, data, ctx.train(), ctx.seed());
  }

  /** Trains the remaining epochs; the last epoch's end, or (resumed after the last checkpoint) a fresh score. */
  public final EpochEnd run() {
    TrainSettings t = ctx.train();
    EpochLoop.of(name, data, t).run(ctx.runner(), ctx.checkpoints(), start.firstEpoch(), t.epochs(), this);
    return last != null ? last : evaluate();
  }

  /** The architecture step on a fresh validation batch, then the weight step. */
  @Override
  public final Pass step(EpochLoop.Step at) {
    Step step = new Step(at, data.validBatch(at.global()));
    adam.step(net.parameters().alphas(), architectureGradient(step), darts.archLr());
    return weightStep(step);
  }

  /**
   * DARTS's architecture gradient of {@code nas.darts.order}; first order with {@code nas.train.shards > 1}
   * is data-parallel ({@link DataParallel}).
   */
  protected Map<String, INDArray> architectureGradient(Step step) {
    TrainSettings t = ctx.train();
    return darts.order() == 1 && t.shards() > 1
        ? DataParallel.pass(ctx.runner(), step.at().where() + "/alphas", net, all, BatchNormMode.TRAIN, step.valid(),
            t.shards(), graph.alphaNames()).gradients()
        : DartsArchitect.gradient(darts.order(), graph, net.parameters().weights(), step.train(), step.valid(),
            step.lr(), sgd);
  }

  /** The weight step on the train batch (data-parallel with {@code nas.train.shards > 1}); its pass. */
  protected Pass weightStep(Step step) {
    TrainSettings t = ctx.train();
    return WeightStep.run(net, all, BatchNormMode.TRAIN, step.train(),
        new WeightStep.Shards(ctx.runner(), step.at().where() + "/weights", t.shards()),
        new WeightStep.Update(sgd, step.lr(), t.gradClip()));
  }

  /**
   * The end of an epoch: the method's columns ({@link #epochDone}), the validation score, the
   * architecture, softmax(alpha), the {@code nas.analysis} columns and the elapsed time, recorded.
   */
  @Override
  public final void endEpoch(EpochLoop.Epoch epoch) {
    EpochRow row = epochDone(epoch.index(), epoch.row(name));
    EpochEnd end = evaluate();
    ctx.metrics().record(row.withValidation(new EpochRow.Validation(end.score().loss(), end.score().accuracy(),
            end.architecture().canonical(), net.architectureWeights().maskedSoftmax(all)))
        .withAnalysis(analysis.of(net, all, end.architecture(), end.score(), epoch.index()))
        .withElapsedSeconds(epoch.progress().elapsedSeconds()));
    last = end;
  }

  /**
   * The supernet on the scored validation images (batch norm on running statistics) and the
   * architecture derived from its alphas.
   */
  private EpochEnd evaluate() {
    Score score = Evaluator.score(net.graph(all, BatchNormMode.RUNNING), data.validEval(), data.evalIndices(),
        ctx.train().evalBatchSize());
    return new EpochEnd(score, ctx.space().derive(net.architectureWeights(), all));
  }

  /** After an epoch's last step, before its scoring: the method's end-of-epoch work; {@code row} with its columns. */
  protected EpochRow epochDone(int epoch, EpochRow row) {
    return row;
  }

  @Override
  public final C checkpoint(int epochsDone) {
    return checkpoint(epochsDone, net.parameters(), sgd, adam);
  }

  /** What a resumed search needs after {@code epochsDone} epochs. */
  protected abstract C checkpoint(int epochsDone, SupernetParameters parameters, Sgd sgd, Optimizer adam);

  public final Supernet net() {
    return net;
  }

  protected final SearchContext context() {
    return ctx;
  }

  protected final SearchStart<C> start() {
    return start;
  }

  protected final Sgd sgd() {
    return sgd;
  }

  /** Weight updates done by the end of epoch {@code epoch} (0-based). */
  protected final long updatesAfter(int epoch) {
    return data.globalStep(epoch, data.stepsPerEpoch() - 1) + 1;
  }
}
