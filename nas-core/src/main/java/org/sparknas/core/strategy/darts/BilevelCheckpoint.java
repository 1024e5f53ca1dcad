package org.sparknas.core.strategy.darts;

import org.sparknas.core.strategy.EpochCheckpoint;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.Sgd;

/**
 * A checkpoint of a {@link BilevelLoop} search: an epoch checkpoint whose weight optimiser is SGD (the
 * second-order architecture step reads its momentum), plus the architecture optimiser's state.
 */
public interface BilevelCheckpoint extends EpochCheckpoint {
  @Override
  Sgd sgd();

  Optimizer adam();
}
