package org.sparknas.core.strategy.sddarts;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.DistillationTarget;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The teachers' forward passes with one network for all teachers: one teacher supernet over the same
 * space, compiled once, whose parameters are overwritten from each snapshot before its pass. Teachers run in BATCH mode:
 * batch statistics of the very batch the student sees in its TRAIN pass (a teacher equal to the
 * student predicts exactly what the student does), and no running statistics are updated.
 * <pre>{@code
 * Teachers teachers = new Teachers(space, student.parameters());
 * DistillationTarget t = teachers.target(buffer.teachers(updates), batch.features(), settings, lambda);
 * }</pre>
 */
final class Teachers {
  private final Supernet teacher;
  private final Encoding all;

  /**
   * {@code student} supplies the parameter names, so its full network must be compiled first (every
   * weight a snapshot holds exists); the values come from the snapshots.
   */
  Teachers(SearchSpace space, SupernetParameters student) {
    this.teacher = new Supernet(space, student.copy());
    this.all = Encoding.full(space);
  }

  /** Each teacher's logits on {@code features}, in the given order. */
  List<INDArray> logits(List<SupernetParameters> snapshots, INDArray features) {
    List<INDArray> out = new ArrayList<>();
    for (SupernetParameters snapshot : snapshots) {
      teacher.parameters().assign(snapshot);
      out.add(teacher.graph(all, BatchNormMode.BATCH).logits(features));
    }
    return out;
  }

  /**
   * The distillation target of a batch: the voted teacher distribution with weight
   * {@code lambda tau^2}; with no teacher yet, weight 0 (the pass is plain cross-entropy).
   */
  DistillationTarget target(List<SupernetParameters> snapshots, INDArray features, SddartsSettings s,
      double lambda) {
    double tau = s.temperature();
    if (snapshots.isEmpty()) {
      int classes = teacher.space().classes();
      return new DistillationTarget(Nd4j.valueArrayOf(new long[] {features.size(0), classes}, 1.0 / classes,
          DataType.DOUBLE), 0, tau);
    }
    INDArray p = s.vote().apply(logits(snapshots, features), tau, s.voteSmoothing());
    return new DistillationTarget(p, lambda * tau * tau, tau);
  }

  /** {@code mean_batch KL(P || softmax(z / tau))} in double precision, for metrics and tests. */
  static double divergence(INDArray p, INDArray logits, double tau) {
    INDArray q = Vote.softmax(logits, tau);
    INDArray pd = p.castTo(DataType.DOUBLE);
    INDArray logRatio = Transforms.log(pd.add(1e-30), false).subi(Transforms.log(q, false));
    return pd.mul(logRatio).sum(1).meanNumber().doubleValue();
  }
}
