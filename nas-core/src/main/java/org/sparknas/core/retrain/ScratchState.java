package org.sparknas.core.retrain;

import java.io.Serializable;

import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;

/**
 * An architecture part-way through its from-scratch training: its weights, optimiser state and curve
 * so far ({@code curve.epochs()} epochs done), and the seed its initial weights and batch order came
 * from. {@link ScratchTraining#continueTo} takes it further; successive halving keeps only the best.
 */
public record ScratchState(String architecture, long seed, SupernetParameters parameters, Optimizer sgd,
    ScratchCurve curve)
    implements Serializable {

  public int epochsDone() {
    return curve.epochs();
  }
}
