package org.sparknas.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sparknas.core.strategy.SearchResult;

/**
 * Signs that a finished search did not learn, for {@code result.json}'s {@code "warnings"} and the
 * summary: its answer scores below chance ({@code 1 / classes}), or a loss in its metrics rose above
 * ten times the loss of guessing uniformly ({@code ln classes}), which a healthy cross-entropy run never
 * comes near. A search whose loss became NaN or infinite does not get here: it stops at that step.
 * <pre>{@code
 * List<String> w = RunWarnings.of(result, metricsRows, 10);
 * }</pre>
 */
public final class RunWarnings {
  /** A loss this many times the uniform-guess loss {@code ln classes} counts as exploding. */
  static final double EXPLODING = 10;
  private static final List<String> LOSSES = List.of("train_loss", "val_loss");

  private RunWarnings() {}

  public static List<String> of(SearchResult result, List<Map<String, Object>> rows, int classes) {
    List<String> warnings = new ArrayList<>();
    double chance = 1.0 / classes;
    if (result.supernet().accuracy() < chance) {
      warnings.add(String.format("below chance: the answer's validation accuracy %.4f is under 1/%d = %.4f; "
          + "the search did not learn (lower nas.train.lr or check the data)", result.supernet().accuracy(), classes,
          chance));
    }
    double uniform = Math.log(classes);
    double worst = result.supernet().loss();
    String where = "the answer's validation loss";
    for (Map<String, Object> row : rows) {
      for (String key : LOSSES) {
        if (row.get(key) instanceof Number loss && loss.doubleValue() > worst) {
          worst = loss.doubleValue();
          where = row.get("phase") + (row.get("epoch") == null ? "" : " epoch " + row.get("epoch")) + " " + key;
        }
      }
    }
    if (worst > EXPLODING * uniform) {
      warnings.add(String.format("exploding loss: %s reached %.4g, more than %.0f x the uniform-guess loss ln %d = %.4f "
          + "(lower nas.train.lr or nas.train.momentum, or set nas.train.grad-clip)", where, worst, EXPLODING, classes,
          uniform));
    }
    return warnings;
  }
}
