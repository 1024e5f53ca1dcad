package org.sparknas.core.strategy.sddarts;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.darts.BilevelLoop;
import org.sparknas.core.supernet.DistillationTarget;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.AnalysisSettings;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.WeightStep;

/**
 * DARTS's bilevel loop with SD-DARTS's self-distillation: the weight step's loss gains the teachers'
 * vote on the train batch, the student joins the teacher FIFO on the snapshot schedule, and the
 * epoch's row gains lambda, the mean distillation KL, the distilled steps and the teacher count. With
 * no teacher yet a step is DARTS's. Runs on the driver ({@code nas.train.shards} must be 1).
 */
final class DistillingLoop extends BilevelLoop<SddartsCheckpoint> {
  private final SddartsSettings settings;
  private final SupernetGraph distilled;
  private final Teachers teachers;
  private final TeacherBuffer buffer;
  private double lambda;
  private double klSum;
  private int distilledSteps;

  DistillingLoop(SearchContext ctx, SddartsSettings settings, AnalysisSettings analysis) {
    super(SddartsSearch.NAME, ctx, settings.darts(), analysis);
    this.settings = settings;
    this.distilled = net().graph(Encoding.full(ctx.space()), BatchNormMode.TRAIN);
    this.teachers = new Teachers(ctx.space(), net().parameters());
    this.buffer = start().restore(SddartsCheckpoint::teachers,
        () -> new TeacherBuffer(settings.teachers(), settings.teacherLag()));
  }

  @Override
  public String phaseNote(int epoch) {
    return " (" + buffer.size() + " snapshots)";
  }

  @Override
  public void startEpoch(int epoch) {
    lambda = settings.lambdaAt(epoch, context().train().epochs());
    klSum = 0;
    distilledSteps = 0;
  }

  /**
   * DARTS's architecture gradient, or with {@code distill-arch} (and teachers to distil from) the first-
   * order gradient of the distillation loss on the validation batch.
   */
  @Override
  protected Map<String, INDArray> architectureGradient(Step step) {
    List<SupernetParameters> voting = buffer.teachers(step.global());
    if (settings.distillArchitecture() && !voting.isEmpty()) {
      DistillationTarget target = teachers.target(voting, step.valid().features(), settings, lambda);
      return distilled.forwardBackward(step.valid().features(), step.valid().labels(), target,
          distilled.alphaNames()).gradients();
    }
    return super.architectureGradient(step);
  }

  /**
   * The weight step on CE plus the distillation term of the teachers' vote; adds its KL to the epoch's
   * mean. The step's snapshot is taken before its update ({@code step.global()} updates so far), so it
   * votes from the next step on, one update behind the student at least.
   */
  @Override
  protected Pass weightStep(Step step) {
    List<SupernetParameters> voting = buffer.teachers(step.global());
    DistillationTarget target = teachers.target(voting, step.train().features(), settings, lambda);
    if (settings.snapshotAtStep(step.global())) {
      buffer.push(net().parameters(), step.global());
    }
    Pass p = WeightStep.apply(distilled.forwardBackward(step.train().features(), step.train().labels(), target,
        distilled.weightNames()), net().parameters(), new WeightStep.Update(sgd(), step.lr(),
        context().train().gradClip()));
    if (!voting.isEmpty()) {
      klSum += Teachers.divergence(target.teacherProbabilities(), p.logits(), settings.temperature());
      distilledSteps++;
    }
    return p;
  }

  @Override
  protected EpochRow epochDone(int epoch, EpochRow row) {
    if (settings.snapshotAfterEpoch(epoch)) {
      buffer.push(net().parameters(), updatesAfter(epoch));
    }
    return row.withDistillation(new EpochRow.Distillation(lambda, distilledSteps == 0 ? 0.0 : klSum / distilledSteps,
        distilledSteps, buffer.teachers(updatesAfter(epoch)).size()));
  }

  @Override
  protected SddartsCheckpoint checkpoint(int epochsDone, SupernetParameters parameters, Sgd sgd,
      Optimizer adam) {
    return new SddartsCheckpoint(epochsDone, parameters, sgd, adam, buffer);
  }
}
