package org.sparknas.core.strategy.darts;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchStart;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.AnalysisSettings;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.DataParallel;
import org.sparknas.core.train.EpochStats;
import org.sparknas.core.train.Progress;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.train.WeightStep;

/**
 * The bilevel loop of DARTS (specs/algorithms.md §0.1) that DARTS-style methods share. Each step first
 * updates the architecture logits on a fresh random validation batch (Adam), then the weights on the
 * next train batch (SGD, global-norm clipping, cosine schedule per epoch); each epoch ends with
 * {@link DartsSearch#endEpoch} (score, genotype, {@code nas.analysis} columns) and a checkpoint. It
 * resumes from the method's checkpoint. The protected hooks do what DARTS does; a variant overrides
 * them (SD-DARTS distils in its architecture and weight steps and snapshots teachers after steps).
 * <pre>{@code
 * BilevelLoop<DartsCheckpoint> loop = new BilevelLoop<>("darts", ctx, settings, analysis) {
 *   protected DartsCheckpoint checkpoint(int epochsDone, SupernetParameters p, Sgd sgd, Adam adam) { ... }
 * };
 * DartsSearch.EpochEnd end = loop.run();
 * }</pre>
 */
public abstract class BilevelLoop<C extends BilevelCheckpoint> {

  /** One step's inputs: 0-based epoch and step in the epoch, the global step, its two batches, the epoch's lr. */
  public record Step(int epoch, int index, long global, Batch train, Batch valid, double lr) {}

  private final String name;
  private final SearchContext ctx;
  private final DartsSettings darts;
  private final AnalysisSettings analysis;
  private final SearchStart<C> start;
  private final Supernet net;
  private final Sgd sgd;
  private final Adam adam;
  private final Encoding all;
  private final SupernetGraph graph;
  private final SearchData data;

  /** Loads the checkpoint {@code name} if there is one; {@code name} also names the phases and metric rows. */
  protected BilevelLoop(String name, SearchContext ctx, DartsSettings darts, AnalysisSettings analysis) {
    this.name = name;
    this.ctx = ctx;
    this.darts = darts;
    this.analysis = analysis;
    this.start = SearchStart.load(ctx, name);
    this.net = start.net();
    this.sgd = start.sgd();
    this.adam = start.restore(BilevelCheckpoint::adam, darts::architectureOptimizer);
    this.all = Encoding.full(ctx.space());
    this.graph = net.graph(all, BatchNormMode.TRAIN);
    this.data = new SearchData(ctx.data(), ctx.train(), ctx.seed());
  }

  /** Trains the remaining epochs; the last epoch's end, or (resumed after the last checkpoint) a fresh score. */
  public final DartsSearch.EpochEnd run() {
    TrainSettings t = ctx.train();
    CosineSchedule schedule = new CosineSchedule(t.lr(), t.lrMin(), t.epochs());
    Progress progress = new Progress(name, t.epochs(), data.stepsPerEpoch(), t.logEverySeconds());
    DartsSearch.EpochEnd end = null;
    for (int epoch = start.firstEpoch(); epoch < t.epochs(); epoch++) {
      ctx.runner().phase(phase(epoch));
      double lr = schedule.at(epoch);
      startEpoch(epoch);
      EpochStats stats = new EpochStats();
      for (int i = 0; i < data.stepsPerEpoch(); i++) {
        long global = data.globalStep(epoch, i);
        Step step = new Step(epoch, i, global, data.trainBatch(epoch, i), data.validBatch(global), lr);
        adam.step(net.parameters().alphas(), architectureGradient(step), darts.archLr());
        stats.add(weightStep(step), step.train());
        progress.step(epoch, i, stats.loss(), stats.accuracy());
      }
      Map<String, Object> row = stats.row(name, epoch, lr);
      epochDone(epoch, row);
      end = DartsSearch.endEpoch(ctx, net, data, analysis, epoch, row, progress);
      ctx.checkpoints().save(name, checkpoint(epoch + 1, net.parameters(), sgd, adam));
    }
    return end != null ? end : DartsSearch.evaluate(ctx, net, data);
  }

  /** The runner's phase description of an epoch (Spark job group). */
  protected String phase(int epoch) {
    return name + "/epoch-" + (epoch + 1);
  }

  /** Before an epoch's first step. */
  protected void startEpoch(int epoch) {}

  /**
   * DARTS's architecture gradient of {@code nas.darts.order}; first order with {@code nas.train.shards > 1}
   * is data-parallel ({@link DataParallel}).
   */
  protected Map<String, INDArray> architectureGradient(Step step) {
    TrainSettings t = ctx.train();
    return darts.order() == 1 && t.shards() > 1
        ? DataParallel.pass(ctx.runner(), where(step) + "/alphas", net, all, BatchNormMode.TRAIN, step.valid(),
            t.shards(), graph.alphaNames()).gradients()
        : DartsArchitect.gradient(darts.order(), graph, net.parameters().weights(), step.train(), step.valid(),
            step.lr(), sgd);
  }

  /** The weight step on the train batch (data-parallel with {@code nas.train.shards > 1}); its pass. */
  protected Pass weightStep(Step step) {
    TrainSettings t = ctx.train();
    return WeightStep.run(ctx.runner(), where(step) + "/weights", net, all, BatchNormMode.TRAIN, step.train(),
        t.shards(), sgd, step.lr(), t.gradClip());
  }

  /** After an epoch's last step, before its scoring: the method's end-of-epoch work and its columns in {@code row}. */
  protected void epochDone(int epoch, Map<String, Object> row) {}

  /** What a resumed search needs after {@code epochsDone} epochs. */
  protected abstract C checkpoint(int epochsDone, SupernetParameters parameters, Sgd sgd, Adam adam);

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

  private String where(Step step) {
    return name + "/epoch-" + (step.epoch() + 1) + "/step-" + (step.index() + 1);
  }
}
