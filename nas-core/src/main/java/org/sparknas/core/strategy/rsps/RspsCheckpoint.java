package org.sparknas.core.strategy.rsps;

import org.sparknas.core.strategy.EpochCheckpoint;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;

/** An RSPS search after {@code epochsDone} epochs of path training: the supernet and the weight optimiser. */
record RspsCheckpoint(int epochsDone, SupernetParameters parameters, Optimizer sgd) implements EpochCheckpoint {}
