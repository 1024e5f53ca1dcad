package org.sparknas.core.supernet;

import java.io.Serializable;

/**
 * Everything a supernet learns: operation weights, architecture logits (one {@code alpha_<group>}
 * matrix per alpha group) and batch-norm running statistics, plus the seed that initialises weights
 * created later (a graph for a new encoding may need weights no earlier graph had).
 */
public record SupernetParameters(ParameterSet weights, ParameterSet alphas, ParameterSet bnStats, long seed)
    implements Serializable {

  public static SupernetParameters empty(long seed) {
    return new SupernetParameters(new ParameterSet(), new ParameterSet(), new ParameterSet(), seed);
  }

  /** A deep copy: a snapshot, a teacher, a child supernet's starting point. */
  public SupernetParameters copy() {
    return new SupernetParameters(weights.copy(), alphas.copy(), bnStats.copy(), seed);
  }

  /** Copies every value of {@code other} into this set's arrays in place. */
  public void assign(SupernetParameters other) {
    weights.assign(other.weights);
    alphas.assign(other.alphas);
    bnStats.assign(other.bnStats);
  }
}
