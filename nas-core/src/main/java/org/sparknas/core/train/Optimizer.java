package org.sparknas.core.train;

import java.io.Serializable;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.ParameterSet;

/**
 * Updates parameters in place from their gradients. Only the named gradients are applied, so a
 * parameter that a step's graph did not use (a masked op, an unsampled path) keeps its value and its
 * optimiser state. The state is serialisable: a child supernet copies it, a checkpoint stores it.
 */
public interface Optimizer extends Serializable {

  void step(ParameterSet params, Map<String, INDArray> gradients, double learningRate);

  /** A deep copy of the optimiser with its state. */
  Optimizer copy();
}
