package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.List;

import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.AlphaInit;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.SearchData;

/**
 * The search algorithm run inside each sub-supernet (specs/algorithms.md A.6): its training step
 * restricted to the sub-supernet's encoding, and the architectures it proposes at the end
 * (A.7). DARTS, SNAS and RSPS implement it.
 */
public interface FewShotBase extends Serializable {

  /** Config name ({@code nas.fewshot.base}). */
  String name();

  /** How a freshly initialised sub-supernet's architecture parameters start. */
  default AlphaInit alphaInit() {
    return AlphaInit.DARTS;
  }

  /** A fresh architecture optimiser, or {@code null} when the base trains no architecture parameters. */
  Optimizer newArchitectureOptimizer();

  /** One step on the sub-supernet whose parameters {@code net} holds; updates them and the optimisers of {@code sub}. */
  Pass step(Supernet net, SubSupernetState sub, StepInput in);

  /** What the base reports per epoch: the supernet's score and derived architecture, or null for nothing. */
  EpochRow.Validation validation(Supernet net, Encoding encoding, SearchData data);

  /** The architectures the sub-supernet proposes, each scored on the validation half with its weights. */
  List<String> proposals(Supernet net, Encoding encoding, long seed);
}
