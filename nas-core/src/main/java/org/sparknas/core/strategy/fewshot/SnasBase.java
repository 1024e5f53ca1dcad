package org.sparknas.core.strategy.fewshot;

import java.util.List;

import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.snas.SnasSearch;
import org.sparknas.core.strategy.snas.SnasSettings;
import org.sparknas.core.strategy.snas.SnasStep;
import org.sparknas.core.supernet.AlphaInit;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;

/**
 * SNAS inside a sub-supernet (GM-NAS {@code ws-snas}): Gumbel-softmax edge weights over the allowed
 * ops at a temperature that decays linearly over the sub-supernet's own schedule, so a sub-supernet
 * spawned at epoch s with a schedule of T epochs restarts at tau-max and reaches tau-min at its end
 * (A.6). While the architecture parameters are frozen only the weight step runs. Scores and
 * proposals use the deterministic masked softmax, as DARTS's.
 */
public record SnasBase(SnasSettings snas, TrainSettings train) implements FewShotBase {

  @Override
  public String name() {
    return SnasSearch.NAME;
  }

  @Override
  public AlphaInit alphaInit() {
    return snas.alphaInit();
  }

  @Override
  public Optimizer newArchitectureOptimizer() {
    return new Adam(snas.beta1(), snas.beta2(), 1e-8, snas.archWeightDecay());
  }

  @Override
  public Pass step(Supernet net, SubSupernetState sub, StepInput in) {
    double tau = snas.temperature(sub.schedule().epochs()).at(in.epoch() - sub.scheduleStart());
    return new SnasStep(snas.archLr(), train.gradClip()).run(net, sub.encoding(), sub.sgd(), sub.adam(),
        new SnasStep.Input(in.train(), in.valid(), in.lr(), tau, in.seed(), in.trainAlphas()));
  }

  @Override
  public EpochRow.Validation validation(Supernet net, Encoding encoding, SearchData data) {
    return DartsBase.maskedSoftmaxValidation(net, encoding, data, train);
  }

  @Override
  public List<String> proposals(Supernet net, Encoding encoding, long seed) {
    return List.of(DartsBase.derive(net, encoding));
  }
}
