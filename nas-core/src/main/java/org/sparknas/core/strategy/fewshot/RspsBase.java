package org.sparknas.core.strategy.fewshot;

import java.util.List;
import java.util.SplittableRandom;

import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.rsps.RspsPaths;
import org.sparknas.core.strategy.rsps.RspsSearch;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.train.WeightStep;

/**
 * RSPS inside a sub-supernet (GM-NAS {@code ws-rsws}): each step trains one path with one allowed op
 * per edge drawn uniformly (redrawn until connected), batch norm on batch statistics. At the end the
 * sub-supernet proposes {@code nas.rsps.candidates} distinct architectures of its allowed ops.
 */
public record RspsBase(RspsSettings rsps, TrainSettings train) implements FewShotBase {

  @Override
  public String name() {
    return RspsSearch.NAME;
  }

  @Override
  public Optimizer newArchitectureOptimizer() {
    return null;
  }

  @Override
  public Pass step(Supernet net, SubSupernetState sub, StepInput in) {
    Encoding path = RspsPaths.path(net.space(), sub.encoding(), rsps.requireConnected(), new SplittableRandom(in.seed()));
    return WeightStep.run(net.graph(path, BatchNormMode.BATCH), net.parameters(), in.train(),
        new WeightStep.Update(sub.sgd(), in.lr(), train.gradClip()));
  }

  /** None: a one-shot RSPS supernet has no meaningful mixed score (RspsSearch reports train statistics only). */
  @Override
  public EpochRow.Validation validation(Supernet net, Encoding encoding, SearchData data) {
    return null;
  }

  @Override
  public List<String> proposals(Supernet net, Encoding encoding, long seed) {
    return RspsPaths.distinctArchitectures(net.space(), encoding, rsps.candidates(), new SplittableRandom(seed));
  }
}
