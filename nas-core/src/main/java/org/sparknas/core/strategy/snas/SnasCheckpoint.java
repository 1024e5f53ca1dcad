package org.sparknas.core.strategy.snas;

import org.sparknas.core.strategy.EpochCheckpoint;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;

/**
 * An SNAS search after {@code epochsDone} epochs: the supernet and both optimisers' states. The
 * temperature is a function of the epoch and the noise of the step seed, so neither is stored.
 */
record SnasCheckpoint(int epochsDone, SupernetParameters parameters, Optimizer sgd, Optimizer adam)
    implements EpochCheckpoint {}
