package org.sparknas.core.supernet;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The knowledge-distillation term of a distillation graph, built into the graph so that one forward
 * and backward pass gives the exact gradient of the whole loss (no second pass to seed a gradient at
 * the logits):
 * <pre>
 * loss = CE(z, y) + w * mean_batch( sum_c P_c (log P_c - log softmax(z / tau)_c) )     w = lambda * tau^2
 * </pre>
 * with the teacher probabilities {@code P}, the weight {@code w} and the temperature {@code tau} fed as
 * placeholders on every pass ({@link DistillationTarget}). The {@code P log P} part does not depend on
 * the student; it makes the value the KL divergence itself, zero when the student matches the teacher.
 */
public final class DistillationLoss {
  public static final String CROSS_ENTROPY = "cross_entropy";
  public static final String TEACHER_PROBABILITIES = "teacher_probabilities";
  public static final String WEIGHT = "distillation_weight";
  public static final String TEMPERATURE = "distillation_temperature";
  /** Added to P inside the log only, so that a zero probability contributes 0 * log(tiny) = 0, not NaN. */
  private static final double LOG_FLOOR = 1e-30;

  private DistillationLoss() {}

  /**
   * Adds {@code name = crossEntropy + w * KL(P || softmax(logits / tau))} to {@code sd}; the
   * placeholders take the logits' data type.
   */
  public static SDVariable addTo(SameDiff sd, SDVariable crossEntropy, SDVariable logits, String name) {
    SDVariable kl = divergence(sd, logits);
    SDVariable weight = sd.placeHolder(WEIGHT, logits.dataType());
    return crossEntropy.add(name, kl.mul(weight));
  }

  /** {@code mean_batch KL(P || softmax(logits / tau))} with its placeholders {@code P} and {@code tau}. */
  private static SDVariable divergence(SameDiff sd, SDVariable logits) {
    SDVariable teacher = sd.placeHolder(TEACHER_PROBABILITIES, logits.dataType(), -1, -1);
    SDVariable tau = sd.placeHolder(TEMPERATURE, logits.dataType());
    // log-softmax from primitive ops: SameDiff's logSoftmax with a dimension fails when the gradient
    // function is built (its property cannot be re-set on the cloned op in 1.0.0-M2.1)
    SDVariable scaled = logits.div(tau);
    SDVariable shifted = scaled.sub(scaled.max(true, 1));
    SDVariable logStudent = shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
    SDVariable logTeacher = sd.math().log(teacher.add(LOG_FLOOR));
    return teacher.mul(logTeacher.sub(logStudent)).sum(1).mean();
  }
}
