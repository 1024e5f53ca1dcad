package org.sparknas.core.train;

import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * One weight step of supernet training: loss and weight gradients on a batch (optionally data-parallel),
 * global-norm clipping, an optimiser step.
 * <pre>{@code
 * Pass p = WeightStep.run(net, encoding, BatchNormMode.TRAIN, batch, new WeightStep.Shards(runner, where, 2),
 *     new WeightStep.Update(sgd, lr, 5.0));
 * }</pre>
 */
public final class WeightStep {
  private WeightStep() {}

  /** How a step changes the weights: the optimiser, the learning rate and the global-norm clip. */
  public record Update(Optimizer optimizer, double lr, double gradClip) {}

  /**
   * Where a pass runs: on the driver for one shard, otherwise data-parallel, each of {@code count}
   * shards of the batch a runner task ({@link DataParallel}) of the job {@code description}
   * ({@code rsps/epoch-3/step-7/weights}).
   */
  public record Shards(ParallelRunner runner, String description, int count) {}

  /** A step on {@code graph}, on the driver. */
  public static Pass run(SupernetGraph graph, SupernetParameters params, Batch batch, Update update) {
    return apply(graph.forwardBackward(batch.features(), batch.labels(), graph.weightNames()), params, update);
  }

  /** A step on {@code encoding}'s graph in batch-norm {@code mode}, on the driver or in {@code shards}. */
  public static Pass run(Supernet net, Encoding encoding, BatchNormMode mode, Batch batch, Shards shards,
      Update update) {
    SupernetGraph graph = net.graph(encoding, mode);
    return shards.count() > 1
        ? apply(DataParallel.pass(shards.runner(), shards.description(), net, encoding, mode, batch, shards.count(),
            graph.weightNames()), net.parameters(), update)
        : run(graph, net.parameters(), batch, update);
  }

  /** Clips and applies the weight gradients of a pass computed elsewhere (e.g. {@link DataParallel}). */
  public static Pass apply(Pass p, SupernetParameters params, Update update) {
    GradientClipping.clip(p.gradients(), update.gradClip());
    update.optimizer().step(params.weights(), p.gradients(), update.lr());
    return p;
  }
}
