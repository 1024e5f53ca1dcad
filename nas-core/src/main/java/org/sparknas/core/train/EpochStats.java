package org.sparknas.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.sparknas.core.data.Batch;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.supernet.Pass;

/**
 * Running training loss and accuracy over an epoch's steps, and the common head of its metrics row.
 * <pre>{@code
 * EpochStats stats = new EpochStats();
 * stats.add(pass, batch);                 // each step
 * Map<String, Object> row = stats.row("darts", epoch, lr);
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

  /** {@code phase}, {@code epoch} (1-based), {@code lr}, {@code train_loss}, {@code train_accuracy}. */
  public Map<String, Object> row(String phase, int epoch, double lr) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("phase", phase);
    row.put("epoch", epoch + 1);
    row.put("lr", lr);
    row.put("train_loss", loss());
    row.put("train_accuracy", accuracy());
    return row;
  }
}
