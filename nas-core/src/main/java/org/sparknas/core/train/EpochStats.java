package org.sparknas.core.train;

import org.sparknas.core.data.Batch;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.supernet.Pass;

/**
 * Running training loss and accuracy over an epoch's steps, and the common head of its metrics row.
 * <pre>{@code
 * EpochStats stats = new EpochStats();
 * stats.add(pass, batch);                 // each step
 * EpochRow row = stats.row("darts", epoch, lr);
 * }</pre>
 */
public final class EpochStats {
  private double lossSum;
  private long correct;
  private long seen;

  public void add(Pass pass, Batch batch) {
    lossSum += pass.loss() * batch.size();
    correct += Evaluator.correct(pass.logits(), batch.classes());
    seen += batch.size();
  }

  public double loss() {
    return lossSum / seen;
  }

  public double accuracy() {
    return correct / (double) seen;
  }

  /** The head of the epoch's metrics row: {@code phase}, {@code epoch} (0-based), {@code lr}, the loss and accuracy. */
  public EpochRow row(String phase, int epoch, double lr) {
    return EpochRow.head(phase, epoch, lr, loss(), accuracy());
  }
}
