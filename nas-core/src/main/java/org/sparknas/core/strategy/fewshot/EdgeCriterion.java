package org.sparknas.core.strategy.fewshot;

import java.util.Arrays;
import java.util.List;

/**
 * How GM-NAS picks the edge to split from each candidate edge's best cut (specs/algorithms.md A.4,
 * [AMBIGUOUS]: the two reference codes differ). {@code max-cut} (NB201 code, the paper's wording, the
 * default): score {@code C = sum_{i<j} d_ij - W_min}, the largest wins. {@code min-within} (DARTS-space
 * code): score {@code W_min}, the smallest wins. Both compare strictly against a running best that
 * starts at the reference's initial value, so among equal scores the first candidate wins.
 */
public enum EdgeCriterion {
  MAX_CUT("max-cut", 0.0) {
    @Override
    public double score(OpPartitions.Cut cut) {
      return cut.cross();
    }

    @Override
    public boolean better(double score, double best) {
      return score > best;
    }
  },
  MIN_WITHIN("min-within", 10_000.0) {
    @Override
    public double score(OpPartitions.Cut cut) {
      return cut.within();
    }

    @Override
    public boolean better(double score, double best) {
      return score < best;
    }
  };

  private final String configName;
  private final double initial;

  EdgeCriterion(String configName, double initial) {
    this.configName = configName;
    this.initial = initial;
  }

  /** The edge's score from its best (minimum within-group distance) cut. */
  public abstract double score(OpPartitions.Cut cut);

  /** Whether {@code score} beats the running best (strictly). */
  abstract boolean better(double score, double best);

  /**
   * The index of the edge to split, given the candidates' scores in candidate order: strict comparison
   * against a running best that starts at the reference's initial value; when no score beats it (max-cut
   * with every cut 0, e.g. all gradients zero) the first candidate.
   */
  public int choose(List<Double> scores) {
    int chosen = 0;
    double best = initial;
    for (int c = 0; c < scores.size(); c++) {
      if (better(scores.get(c), best)) {
        best = scores.get(c);
        chosen = c;
      }
    }
    return chosen;
  }

  public String configName() {
    return configName;
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(EdgeCriterion::configName).toList();
  }

  public static EdgeCriterion of(String configName) {
    return Arrays.stream(values()).filter(c -> c.configName.equals(configName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown edge criterion '" + configName + "', expected one of "
            + configNames()));
  }
}
