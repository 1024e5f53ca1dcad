package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.train.SearchData;

/**
 * One way of scoring architectures without training them alone, whose scores a ranking study compares
 * with ground truth: weight-sharing supernets ({@link SupernetArm}) or a BossNAS search
 * ({@link BossnasArm}). Scores are "higher is better" for every arm.
 */
public interface RankingArm {

  /** The arm's name in {@code nas.rank.arms} and in {@code rank.json}. */
  String name();

  /** Every architecture's score (higher is better) in the given order, and how many supernets gave them. */
  record Scores(double[] values, int members) {}

  /**
   * Trains within the context's weight-training budget and scores the architectures (canonical
   * strings); {@code evalIndices} are the validation images a score may use.
   */
  Scores score(SearchContext context, List<String> architectures, int[] evalIndices);

  /**
   * The weight steps {@link #score} trains for, worked out before any training, so that settings the
   * space or data cannot satisfy fail first: by default every epoch of {@code context.train()}.
   */
  default long weightSteps(SearchContext context) {
    return (long) context.train().epochs() * new SearchData(context.data(), context.train(), context.seed()).stepsPerEpoch();
  }
}
