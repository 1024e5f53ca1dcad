package org.sparknas.core.strategy.darts;

import org.sparknas.core.strategy.EpochCheckpoint;
import org.sparknas.core.train.Adam;

/** A checkpoint of a {@link BilevelLoop} search: an epoch checkpoint plus the architecture optimiser's state. */
public interface BilevelCheckpoint extends EpochCheckpoint {
  Adam adam();
}
