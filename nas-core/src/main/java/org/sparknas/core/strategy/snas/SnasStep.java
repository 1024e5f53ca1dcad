package org.sparknas.core.strategy.snas;

import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.WeightStep;

/**
 * One SNAS step on a (sub-)supernet (specs/algorithms.md A.6): first the architecture logits, by
 * Adam on the gradient of the validation loss through a Gumbel-softmax sample (first order), then the
 * weights, by SGD with global-norm clipping on the training loss through a fresh sample. Both passes
 * run the encoding's graph in {@link BatchNormMode#TRAIN} mode, as DARTS's steps do. Reused by the
 * few-shot search for every sub-supernet.
 * <pre>{@code
 * SnasStep step = new SnasStep(settings.archLr(), train.gradClip());
 * Pass p = step.run(net, encoding, sgd, adam,
 *     new SnasStep.Input(trainBatch, validBatch, lr, tau.at(epoch), stepSeed, true));
 * }</pre>
 */
public final class SnasStep {
  private final double archLr;
  private final double gradClip;

  public SnasStep(double archLr, double gradClip) {
    this.archLr = archLr;
    this.gradClip = gradClip;
  }

  /**
   * One step's inputs.
   *
   * @param lr the weight learning rate
   * @param tau the Gumbel-softmax temperature
   * @param seed the step's seed: the noise of the two passes is derived from it
   *     ({@code Seeds.seed(seed, "snas/alphas")}, {@code Seeds.seed(seed, "snas/weights")})
   * @param trainAlphas false skips the architecture update (GM-NAS keeps alpha fixed before its last
   *     split); the weights are still trained through a Gumbel sample
   */
  public record Input(Batch train, Batch valid, double lr, double tau, long seed, boolean trainAlphas) {}

  /**
   * The step on {@code encoding}'s network: {@code adam} updates the architecture logits, {@code sgd} the weights.
   *
   * @return the weight pass: training loss, logits and the (clipped) weight gradients
   */
  public Pass run(Supernet net, Encoding encoding, Optimizer sgd, Optimizer adam, Input in) {
    SupernetGraph graph = net.graph(encoding, BatchNormMode.TRAIN, EdgeWeighting.GUMBEL_SOFTMAX);
    if (in.trainAlphas() && !graph.alphaNames().isEmpty()) {
      Pass a = graph.forwardBackward(in.valid().features(), in.valid().labels(),
          GumbelNoise.sample(net.space(), in.tau(), Seeds.seed(in.seed(), "snas/alphas")), graph.alphaNames());
      adam.step(net.parameters().alphas(), a.gradients(), archLr);
    }
    Pass w = graph.forwardBackward(in.train().features(), in.train().labels(),
        GumbelNoise.sample(net.space(), in.tau(), Seeds.seed(in.seed(), "snas/weights")), graph.weightNames());
    return WeightStep.apply(w, net.parameters(), new WeightStep.Update(sgd, in.lr(), gradClip));
  }
}
