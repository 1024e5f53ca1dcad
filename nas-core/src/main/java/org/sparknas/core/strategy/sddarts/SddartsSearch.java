package org.sparknas.core.strategy.sddarts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.AnalysisSettings;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStart;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.TrainSettings;
import org.sparknas.core.strategy.darts.DartsArchitect;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.supernet.DistillationTarget;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.EpochStats;
import org.sparknas.core.train.Progress;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.WeightStep;

/**
 * SD-DARTS (specs/algorithms.md C.3): each step is DARTS's architecture step, then a weight step on
 * {@code CE + lambda tau^2 KL(P_T || softmax(z / tau))}, where {@code P_T} is the vote of the teacher
 * snapshots on the same train batch; then, on the snapshot schedule, the student joins the FIFO of
 * teachers. With no teacher yet the step is plain DARTS. Epochs end as DARTS's do (score, genotype,
 * {@code nas.analysis} columns), plus the mean distillation KL and lambda.
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
    TrainSettings t = ctx.train();
    DartsSettings darts = settings.darts();
    SearchStart<SddartsCheckpoint> start = SearchStart.load(ctx, NAME);
    Supernet net = start.net();
    Encoding all = Encoding.full(ctx.space());
    SupernetGraph graph = net.graph(all, BatchNormMode.TRAIN);
    SupernetGraph distilled = net.distillationGraph(all, BatchNormMode.TRAIN);
    Teachers teachers = new Teachers(ctx.space(), net.parameters());
    TeacherBuffer buffer = start.restore(SddartsCheckpoint::teachers, () -> new TeacherBuffer(settings.teachers()));
    SearchData data = new SearchData(ctx.data(), t, ctx.seed());
    Sgd sgd = start.sgd();
    Adam adam = start.restore(SddartsCheckpoint::adam, darts::architectureOptimizer);
    CosineSchedule schedule = new CosineSchedule(t.lr(), t.lrMin(), t.epochs());
    Progress progress = new Progress(NAME, t.epochs(), data.stepsPerEpoch(), t.logEverySeconds());
    DartsSearch.EpochEnd end = null;
    for (int epoch = start.firstEpoch(); epoch < t.epochs(); epoch++) {
      ctx.runner().phase(NAME + "/epoch-" + (epoch + 1) + " (" + buffer.size() + " teachers)");
      double lr = schedule.at(epoch);
      double lambda = settings.lambdaAt(epoch, t.epochs());
      EpochStats stats = new EpochStats();
      double klSum = 0;
      int distilledSteps = 0;
      for (int step = 0; step < data.stepsPerEpoch(); step++) {
        long global = data.globalStep(epoch, step);
        Batch train = data.trainBatch(epoch, step);
        Batch valid = data.validBatch(global);
        adam.step(net.parameters().alphas(), architectureGradient(graph, distilled, teachers, buffer, net, train,
            valid, lr, sgd, lambda), darts.archLr());
        DistillationTarget target = teachers.target(buffer, train.features(), settings, lambda);
        Pass p = WeightStep.apply(distilled.forwardBackward(train.features(), train.labels(), target,
            distilled.weightNames()), net.parameters(), sgd, lr, t.gradClip());
        stats.add(p, train);
        if (!buffer.isEmpty()) {
          klSum += Teachers.divergence(target.teacherProbabilities(), p.logits(), settings.temperature());
          distilledSteps++;
        }
        if (settings.snapshotAfterStep(global)) {
          buffer.push(net.parameters());
        }
        progress.step(epoch, step, stats.loss(), stats.accuracy());
      }
      if (settings.snapshotAfterEpoch(epoch)) {
        buffer.push(net.parameters());
      }
      Map<String, Object> row = stats.row(NAME, epoch, lr);
      row.put("distillation_lambda", lambda);
      row.put("distillation_kl", distilledSteps == 0 ? 0.0 : klSum / distilledSteps);
      row.put("distilled_steps", distilledSteps);
      row.put("teachers", buffer.size());
      end = DartsSearch.endEpoch(ctx, net, data, analysis, epoch, row, progress);
      ctx.checkpoints().save(NAME, new SddartsCheckpoint(epoch + 1, net.parameters(), sgd, adam, buffer));
    }
    if (end == null) { // resumed after the last epoch's checkpoint
      end = DartsSearch.evaluate(ctx, net, data);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("order", darts.order());
    details.put("teachers", settings.teachers());
    details.put("snapshot", settings.epochSnapshots() ? "epoch" : "step");
    details.put("snapshot_every", settings.snapshotEvery());
    details.put("vote", settings.vote().configName());
    details.put("temperature", settings.temperature());
    details.put("lambda", settings.lambda());
    details.put("ramp", settings.linearRamp() ? "linear" : "none");
    details.put("distill_arch", settings.distillArchitecture());
    return DartsSearch.result(net, end, details);
  }

  /**
   * DARTS's architecture gradient, or with {@code distill-arch} (and teachers to distil from) the first-
   * order gradient of the distillation loss on the validation batch.
   */
  private Map<String, INDArray> architectureGradient(SupernetGraph graph, SupernetGraph distilled, Teachers teachers,
      TeacherBuffer buffer, Supernet net, Batch train, Batch valid, double lr, Sgd sgd, double lambda) {
    if (settings.distillArchitecture() && !buffer.isEmpty()) {
      DistillationTarget target = teachers.target(buffer, valid.features(), settings, lambda);
      return distilled.forwardBackward(valid.features(), valid.labels(), target, distilled.alphaNames()).gradients();
    }
    return settings.darts().order() == 2
        ? DartsArchitect.secondOrder(graph, net.parameters().weights(), train, valid, lr, sgd)
        : DartsArchitect.firstOrder(graph, valid);
  }
}
