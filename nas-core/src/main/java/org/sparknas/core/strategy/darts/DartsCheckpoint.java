package org.sparknas.core.strategy.darts;

import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.Sgd;

/** A DARTS search after {@code epochsDone} epochs: the supernet and both optimisers' states. */
record DartsCheckpoint(int epochsDone, SupernetParameters parameters, Sgd sgd, Optimizer adam)
    implements BilevelCheckpoint {}
