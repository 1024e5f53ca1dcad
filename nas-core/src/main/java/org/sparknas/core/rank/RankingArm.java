package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.MaskedSupernet;
import org.sparknas.core.train.SearchData;

/**
 * One way of training weight-sharing supernets whose scores a ranking study compares with ground
 * truth: the one-shot supernet (a single full-mask member) or a set of sub-supernets (one member per
 * mask). An architecture is scored with the member whose mask admits it.
 */
public interface RankingArm {

  /** The arm's name in {@code nas.rank.arms} and in {@code rank.json}. */
  String name();

  /**
   * Trains the arm's supernets within the context's weight-training budget: {@code context.train()}'s
   * epochs over the weight half in total, shared among the members, so every arm gets the same number
   * of weight steps. The members' masks must together admit every architecture of the space.
   */
  List<MaskedSupernet> train(SearchContext context);

  /**
   * The weight steps {@link #train} takes, worked out before any training, so that settings the space
   * or data cannot satisfy fail first: by default every epoch of {@code context.train()}.
   */
  default long weightSteps(SearchContext context) {
    return (long) context.train().epochs() * new SearchData(context.data(), context.train(), context.seed()).stepsPerEpoch();
  }
}
