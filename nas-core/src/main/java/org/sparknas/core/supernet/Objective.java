package org.sparknas.core.supernet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a pass minimises, as a function of the logits: its value and its gradient at the logits, which
 * the engine back-propagates. Computed on the host in double precision ({@code [batch, classes]} is
 * small). Labels are one-hot (or any distribution per row).
 */
public interface Objective {

  /** The loss of a batch and {@code dLoss/dLogits}. */
  record Value(double loss, INDArray dLogits) {}

  Value evaluate(INDArray logits, INDArray labels);

  /** Mean cross-entropy of {@code softmax(z)} against the labels. */
  Objective CROSS_ENTROPY = (logits, labels) -> {
    double[][] z = logits.toDoubleMatrix();
    double[][] y = labels.toDoubleMatrix();
    int n = z.length;
    double[][] d = new double[n][];
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] logP = logSoftmax(z[i], 1);
      double mass = 0;
      d[i] = new double[z[i].length];
      for (int k = 0; k < z[i].length; k++) {
        loss -= y[i][k] * logP[k];
        mass += y[i][k];
      }
      for (int k = 0; k < z[i].length; k++) {
        d[i][k] = (Math.exp(logP[k]) * mass - y[i][k]) / n;
      }
    }
    return new Value(loss / n, Nd4j.create(d).castTo(DataType.FLOAT));
  };

  /**
   * Cross-entropy plus {@code w * mean_batch KL(P || softmax(z / tau))} towards the target's teacher
   * probabilities {@code P} with weight {@code w = lambda tau^2}; the KL term's gradient at the logits is
   * {@code w (softmax(z / tau) - P) / (tau N)}. Weight 0 is plain cross-entropy.
   */
  static Objective distillation(DistillationTarget target) {
    return (logits, labels) -> {
      Value ce = CROSS_ENTROPY.evaluate(logits, labels);
      if (target.weight() == 0) {
        return ce;
      }
      double tau = target.temperature();
      double[][] z = logits.toDoubleMatrix();
      double[][] p = target.teacherProbabilities().toDoubleMatrix();
      double[][] d = ce.dLogits().toDoubleMatrix();
      int n = z.length;
      double kl = 0;
      for (int i = 0; i < n; i++) {
        double[] logQ = logSoftmax(z[i], tau);
        for (int k = 0; k < z[i].length; k++) {
          if (p[i][k] > 0) {
            kl += p[i][k] * (Math.log(p[i][k]) - logQ[k]);
          }
          d[i][k] += target.weight() * (Math.exp(logQ[k]) - p[i][k]) / (tau * n);
        }
      }
      return new Value(ce.loss() + target.weight() * kl / n, Nd4j.create(d).castTo(DataType.FLOAT));
    };
  }

  /** {@code log softmax(z / tau)} of one row. */
  static double[] logSoftmax(double[] z, double tau) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / tau);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v / tau - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      out[k] = z[k] / tau - log;
    }
    return out;
  }
}
