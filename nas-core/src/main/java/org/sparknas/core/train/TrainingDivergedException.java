package org.sparknas.core.train;

/**
 * A search whose loss became NaN or infinite. It stops at the step where that showed, since every later
 * step would only spread the non-finite values through the weights, and before its next checkpoint,
 * so the last checkpoint it saved is still a good one.
 */
public class TrainingDivergedException extends IllegalStateException {

  public TrainingDivergedException(String where, double loss) {
    super("training diverged: loss " + loss + " at " + where + "; the search stopped, its last checkpoint is kept"
        + " (lower nas.train.lr or nas.train.momentum, set nas.train.grad-clip, or check the data)");
  }
}
