package org.sparknas.core.strategy.sddarts;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How the teachers' outputs are aggregated into one teacher distribution {@code P_T} at temperature
 * {@code tau} (the abstract says "voting"; the exact rule is not verified, so it is a setting):
 * <ul>
 * <li>{@code mean-probs}: the mean of {@code softmax(z_k / tau)} over teachers (soft vote, default);
 * <li>{@code majority}: per example the class most teachers predict (ties: the higher summed
 * probability, then the lower class), as a one-hot smoothed by {@code eps}: {@code (1 - eps) onehot + eps / C};
 * <li>{@code mean-logits}: {@code softmax(mean_k z_k / tau)}.
 * </ul>
 */
public enum Vote {
  MEAN_PROBS("mean-probs"),
  MAJORITY("majority"),
  MEAN_LOGITS("mean-logits");

  private final String configName;

  Vote(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static List<String> configNames() {
    return java.util.Arrays.stream(values()).map(Vote::configName).toList();
  }

  public static Vote of(String configName) {
    for (Vote v : values()) {
      if (v.configName.equals(configName)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown vote '" + configName + "', expected one of " + configNames());
  }

  /**
   * The teacher distribution {@code [batch, classes]} in double precision.
   *
   * @param teacherLogits one {@code [batch, classes]} array per teacher
   * @param smoothing the {@code eps} of {@code majority}; ignored by the other votes
   */
  public INDArray apply(List<INDArray> teacherLogits, double tau, double smoothing) {
    if (teacherLogits.isEmpty()) {
      throw new IllegalArgumentException("a vote needs at least one teacher");
    }
    return switch (this) {
      case MEAN_PROBS -> meanOf(teacherLogits.stream().map(z -> softmax(z, tau)).toList());
      case MEAN_LOGITS -> softmax(meanOf(teacherLogits), tau);
      case MAJORITY -> majority(teacherLogits, tau, smoothing);
    };
  }

  /** Row-wise {@code softmax(z / tau)} in double precision. */
  public static INDArray softmax(INDArray logits, double tau) {
    INDArray z = logits.castTo(DataType.DOUBLE).div(tau);
    z.subiColumnVector(z.max(1).reshape(z.rows(), 1));
    Transforms.exp(z, false);
    return z.diviColumnVector(z.sum(1).reshape(z.rows(), 1));
  }

  private static INDArray meanOf(List<INDArray> arrays) {
    INDArray sum = arrays.get(0).castTo(DataType.DOUBLE).dup();
    for (int k = 1; k < arrays.size(); k++) {
      sum.addi(arrays.get(k).castTo(DataType.DOUBLE));
    }
    return sum.divi(arrays.size());
  }

  private static INDArray majority(List<INDArray> teacherLogits, double tau, double smoothing) {
    int rows = (int) teacherLogits.get(0).rows();
    int classes = (int) teacherLogits.get(0).columns();
    int[][] votes = new int[rows][classes];
    double[][] mass = new double[rows][classes];
    for (INDArray z : teacherLogits) {
      double[][] p = softmax(z, tau).toDoubleMatrix();
      for (int i = 0; i < rows; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          best = p[i][c] > p[i][best] ? c : best;
        }
        votes[i][best]++;
        for (int c = 0; c < classes; c++) {
          mass[i][c] += p[i][c];
        }
      }
    }
    double[][] out = new double[rows][classes];
    for (int i = 0; i < rows; i++) {
      int win = 0;
      for (int c = 1; c < classes; c++) {
        if (votes[i][c] > votes[i][win] || votes[i][c] == votes[i][win] && mass[i][c] > mass[i][win]) {
          win = c;
        }
      }
      for (int c = 0; c < classes; c++) {
        out[i][c] = smoothing / classes + (c == win ? 1 - smoothing : 0);
      }
    }
    return Nd4j.createFromArray(out);
  }
}
