package org.sparknas.core.rank;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.eval.Direction;
import org.sparknas.core.report.Plots;
import org.sparknas.core.retrain.ScratchCurve;

/**
 * The outputs of a ranking study: {@code rank.json} (per architecture its from-scratch curve and every
 * arm's score; per arm the correlations and budget), the {@code report/rank.txt} table and one scatter
 * plot per arm. An undefined correlation (a constant sample) is {@code null} in JSON and {@code n/a}
 * in the table.
 */
public final class RankReport {
  private RankReport() {}

  public static Map<String, Object> json(RankResult r, String space, String dataset, long seed, double seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("space", space);
    m.put("dataset", dataset);
    m.put("seed", seed);
    m.put("architectures", r.curves().size());
    Map<String, Object> scratch = new LinkedHashMap<>();
    scratch.put("epochs", r.curves().get(0).epochs());
    scratch.put("weight_steps", r.scratchWeightSteps());
    m.put("scratch", scratch);
    List<Map<String, Object>> arms = new ArrayList<>();
    for (ArmResult a : r.arms()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("name", a.name());
      am.put("kendall_tau_b", finiteOrNull(a.kendallTauB()));
      am.put("spearman", finiteOrNull(a.spearman()));
      am.put("budget", Map.of("weight_steps", a.weightSteps()));
      am.put("members", a.members());
      am.put("seconds", a.seconds());
      arms.add(am);
    }
    m.put("arms", arms);
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < r.curves().size(); i++) {
      ScratchCurve c = r.curves().get(i);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("architecture", c.architecture());
      e.put("ground_truth", c.finalAccuracy());
      e.put("val_accuracy_curve", c.valAccuracy());
      e.put("train_loss_curve", c.trainLoss());
      Map<String, Object> scores = new LinkedHashMap<>();
      for (ArmResult a : r.arms()) {
        scores.put(a.name(), a.scores()[i]);
      }
      e.put("scores", scores);
      entries.add(e);
    }
    m.put("entries", entries);
    m.put("seconds", seconds);
    return m;
  }

  /** A readable table: one row per arm, then one per architecture (best ground truth first). */
  public static String table(RankResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%d architectures, %d from-scratch epochs each (%d weight steps in all)%n%n",
        r.curves().size(), r.curves().get(0).epochs(), r.scratchWeightSteps()));
    sb.append(String.format("%-10s %14s %10s %8s %13s %10s%n", "arm", "kendall_tau_b", "spearman", "members",
        "weight_steps", "seconds"));
    for (ArmResult a : r.arms()) {
      sb.append(String.format("%-10s %14s %10s %8d %13d %10.1f%n", a.name(), format(a.kendallTauB()),
          format(a.spearman()), a.members(), a.weightSteps(), a.seconds()));
    }
    sb.append(String.format("%n%-12s", "ground_truth"));
    r.arms().forEach(a -> sb.append(String.format(" %10s", a.name())));
    sb.append("  architecture\n");
    double[] truth = r.groundTruth();
    for (int i : Direction.HIGHER.ranked(r.curves(), ScratchCurve::finalAccuracy)) {
      sb.append(String.format("%-12.4f", truth[i]));
      r.arms().forEach(a -> sb.append(String.format(" %10.4f", a.scores()[i])));
      sb.append("  ").append(r.curves().get(i).architecture()).append('\n');
    }
    return sb.toString();
  }

  /** {@code report/rank-<arm>.png}: ground truth against the arm's score, per arm. */
  public static Map<String, byte[]> scatterPlots(RankResult r) throws IOException {
    Map<String, byte[]> plots = new LinkedHashMap<>();
    for (ArmResult a : r.arms()) {
      String title = String.format("%s: Kendall tau-b %s, Spearman %s", a.name(), format(a.kendallTauB()),
          format(a.spearman()));
      plots.put("report/rank-" + a.name() + ".png", Plots.scatter(title, "from-scratch validation accuracy",
          a.name() + " supernet score (validation accuracy)", r.groundTruth(), a.scores()));
    }
    return plots;
  }

  /** JSON has no NaN: an undefined correlation is written as null. */
  static Object finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String format(double v) {
    return Double.isFinite(v) ? String.format("%.4f", v) : "n/a";
  }
}
