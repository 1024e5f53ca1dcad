package org.sparknas.core.strategy.fewshot;

import java.util.List;

import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.darts.DartsArchitect;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.train.WeightStep;

/**
 * DARTS inside a sub-supernet (GM-NAS {@code ws} / {@code ws-so}): the bilevel step of §0.1 on the
 * graph of the sub-supernet's encoding, so the mixed edges weight only allowed ops by their masked
 * softmax and masked ops are not built. While the architecture parameters are frozen only the weight
 * step runs. The sub-supernet proposes the argmax of its masked softmax.
 */
public record DartsBase(DartsSettings darts, TrainSettings train) implements FewShotBase {

  @Override
  public String name() {
    return DartsSearch.NAME;
  }

  @Override
  public Optimizer newArchitectureOptimizer() {
    return new Adam(darts.beta1(), darts.beta2(), 1e-8, darts.archWeightDecay());
  }

  @Override
  public Pass step(Supernet net, SubSupernetState sub, StepInput in) {
    SupernetGraph graph = net.graph(sub.encoding(), BatchNormMode.TRAIN);
    if (in.trainAlphas()) {
      sub.adam().step(net.parameters().alphas(), DartsArchitect.gradient(darts.order(), graph,
          net.parameters().weights(), in.train(), in.valid(), in.lr(), sub.sgd()), darts.archLr());
    }
    return WeightStep.run(graph, net.parameters(), in.train(),
        new WeightStep.Update(sub.sgd(), in.lr(), train.gradClip()));
  }

  @Override
  public EpochRow.Validation validation(Supernet net, Encoding encoding, SearchData data) {
    return maskedSoftmaxValidation(net, encoding, data, train);
  }

  /** The masked-softmax supernet's validation score, derived architecture and softmax(alpha) (DARTS, SNAS). */
  static EpochRow.Validation maskedSoftmaxValidation(Supernet net, Encoding encoding, SearchData data,
      TrainSettings train) {
    Score score = Evaluator.score(net.graph(encoding, BatchNormMode.RUNNING), data.validEval(), data.evalIndices(),
        train.evalBatchSize());
    return new EpochRow.Validation(score.loss(), score.accuracy(), derive(net, encoding),
        net.architectureWeights().maskedSoftmax(encoding));
  }

  @Override
  public List<String> proposals(Supernet net, Encoding encoding, long seed) {
    return List.of(derive(net, encoding));
  }

  static String derive(Supernet net, Encoding encoding) {
    return net.space().derive(net.architectureWeights(), encoding).canonical();
  }
}
