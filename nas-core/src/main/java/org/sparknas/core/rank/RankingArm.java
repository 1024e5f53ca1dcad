package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.MaskedSupernet;

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
}
