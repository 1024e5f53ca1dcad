package org.sparknas.core.strategy;

import java.io.Serializable;

import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;

/**
 * What every per-epoch checkpoint of a supernet search holds, so {@link SearchStart} can resume any of
 * them: the epochs done, the supernet's parameters and the weight optimiser's state. The methods'
 * checkpoint records implement it with their first three components.
 */
public interface EpochCheckpoint extends Serializable {
  int epochsDone();

  SupernetParameters parameters();

  /** The weight optimiser with its state. */
  Optimizer sgd();
}
