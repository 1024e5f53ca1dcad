package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;

import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.Sgd;

/**
 * Everything one sub-supernet owns (specs/algorithms.md A.2): its place in the split tree
 * ({@code root}, {@code 0}, {@code 0.1}), its encoding, weights and architecture parameters, the
 * weight and architecture optimiser states, and its learning-rate schedule, which started at epoch
 * {@code scheduleStart}; it has been trained for {@code epochsDone} epochs. It is the work item of a
 * training task, the checkpoint of a sub-supernet, and shares nothing with any other.
 *
 * @param sgd the weight optimiser (SGD: DARTS's second-order step reads its momentum)
 * @param adam the architecture optimiser, {@code null} for a base algorithm without architecture parameters (RSPS)
 */
public record SubSupernetState(String path, Encoding encoding, SupernetParameters parameters, Sgd sgd, Optimizer adam,
    CosineSchedule schedule, int scheduleStart, int epochsDone) implements Serializable {

  public static final String ROOT = "root";

  /** The weight learning rate of epoch {@code epoch} (0-based, counted from the start of the search). */
  public double lr(int epoch) {
    return schedule.at(epoch - scheduleStart);
  }

  /** A deep copy, so training it leaves this state as it was (a retried task starts from the same state). */
  public SubSupernetState copy() {
    return new SubSupernetState(path, encoding, parameters.copy(), sgd.copy(), adam == null ? null : adam.copy(),
        schedule, scheduleStart, epochsDone);
  }

  /** The same state, trained until epoch {@code epochs} (its parameters and optimisers were updated in place). */
  public SubSupernetState withEpochsDone(int epochs) {
    return new SubSupernetState(path, encoding, parameters, sgd, adam, schedule, scheduleStart, epochs);
  }

  /** The supernet over this state's parameters (shared, not copied). */
  public Supernet supernet(SearchSpace space) {
    return new Supernet(space, parameters);
  }

  /** Path of child {@code index}: {@code 0}, {@code 1} under the root, {@code 0.1} under {@code 0}. */
  public String childPath(int index) {
    return ROOT.equals(path) ? String.valueOf(index) : path + "." + index;
  }
}
