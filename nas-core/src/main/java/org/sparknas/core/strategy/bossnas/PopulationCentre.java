package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Searching towards the population centre (specs/algorithms.md B.5) as plain arithmetic over the
 * projections of fixed, cached views. For every rating batch t, the centre is the mean over all
 * candidate paths of their target projections (not normalised); a candidate's score is
 * {@code mean_t [ l(q1_p[t], centre2[t]) + l(q2_p[t], centre1[t]) ]} with l of {@link BootstrapLoss}
 * and q the online predictions. Scores are losses: the best path has the lowest.
 * <pre>{@code
 * List<ProjectionPair> centre = PopulationCentre.centre(targetsPerCandidate);
 * double s = PopulationCentre.score(predictionsOfOneCandidate, centre);
 * List<RatedPath<BlockPath>> ranked = PopulationCentre.rank(candidates, targets, predictions);
 * }</pre>
 * {@link CentreRating} runs the same arithmetic as two passes of parallel tasks.
 */
public final class PopulationCentre {
  private PopulationCentre() {}

  /** Per-batch sums of several candidates' target projections, added in list order. */
  public static List<ProjectionPair> sum(List<List<ProjectionPair>> perCandidate) {
    if (perCandidate.isEmpty()) {
      throw new IllegalArgumentException("the population centre needs at least one candidate");
    }
    List<ProjectionPair> sum = new ArrayList<>(perCandidate.get(0));
    for (List<ProjectionPair> batches : perCandidate.subList(1, perCandidate.size())) {
      checkBatches(sum.size(), batches.size());
      for (int t = 0; t < sum.size(); t++) {
        sum.set(t, sum.get(t).add(batches.get(t)));
      }
    }
    return sum;
  }

  /** The centre: per-batch mean over the candidates. */
  public static List<ProjectionPair> centre(List<List<ProjectionPair>> targetsPerCandidate) {
    return divide(sum(targetsPerCandidate), targetsPerCandidate.size());
  }

  /** Per-batch sums divided by the number of candidates they summed. */
  public static List<ProjectionPair> divide(List<ProjectionPair> sums, int candidates) {
    return sums.stream().map(s -> s.div(candidates)).toList();
  }

  /** A candidate's score: the mean over batches of its predictions' path loss towards the centre. */
  public static double score(List<ProjectionPair> predictions, List<ProjectionPair> centre) {
    checkBatches(centre.size(), predictions.size());
    double total = 0;
    for (int t = 0; t < centre.size(); t++) {
      total += BootstrapLoss.pathLoss(predictions.get(t), centre.get(t));
    }
    return total / centre.size();
  }

  /**
   * Every candidate rated in memory and ranked, best (lowest score) first; ties keep the candidates'
   * order.
   *
   * @param targets per candidate, per batch: the target projections
   * @param predictions per candidate, per batch: the online predictions
   */
  public static <P extends Serializable> List<RatedPath<P>> rank(List<P> candidates,
      List<List<ProjectionPair>> targets, List<List<ProjectionPair>> predictions) {
    if (candidates.size() != targets.size() || candidates.size() != predictions.size()) {
      throw new IllegalArgumentException(candidates.size() + " candidates need as many target and prediction lists, got "
          + targets.size() + " and " + predictions.size());
    }
    List<ProjectionPair> centre = centre(targets);
    double[] scores = new double[candidates.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(predictions.get(i), centre);
    }
    return ranked(candidates, scores);
  }

  /** The candidates with their scores, lowest score first, ties in candidate order. */
  public static <P extends Serializable> List<RatedPath<P>> ranked(List<P> candidates, double[] scores) {
    List<RatedPath<P>> rated = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      rated.add(new RatedPath<>(candidates.get(i), scores[i], i));
    }
    rated.sort(Comparator.comparingDouble((RatedPath<P> r) -> r.score()).thenComparingInt(RatedPath::index));
    return List.copyOf(rated);
  }

  /**
   * An architecture's rating for ranking studies: {@code sum_b (score_b + 4)} over its blocks' path
   * scores (B.1 item 4); lower is better, and 0 is the floor (a path loss is at least -4).
   */
  public static double architectureScore(List<Double> blockScores) {
    return blockScores.stream().mapToDouble(s -> s + 4).sum();
  }

  private static void checkBatches(int expected, int got) {
    if (expected != got) {
      throw new IllegalArgumentException("every candidate needs the same " + expected + " rating batches, got " + got);
    }
  }
}
