package org.sparknas.core.strategy.fewshot;

import org.sparknas.core.data.Batch;

/**
 * What one training step of a sub-supernet gets: a train and a validation batch, the weight learning
 * rate, the epoch (0-based, from the start of the search), whether the architecture parameters are
 * trained in this epoch, and the step's own seed (path or Gumbel draws).
 */
public record StepInput(Batch train, Batch valid, double lr, int epoch, boolean trainAlphas, long seed) {}
