package org.sparknas.core.train;

import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;

/** One weight step of supernet training: loss and weight gradients on a batch (optionally data-parallel), global-norm clipping, SGD. */
public final class WeightStep {
  private WeightStep() {}

  public static Pass run(SupernetGraph graph, SupernetParameters params, Batch batch, Sgd sgd, double lr,
      double gradClip) {
    return apply(graph.forwardBackward(batch.features(), batch.labels(), graph.weightNames()), params, sgd, lr,
        gradClip);
  }

  /**
   * A weight step on {@code encoding}'s graph: on the driver for one shard, otherwise data-parallel,
   * each of {@code shards} shards of the batch a runner task ({@link DataParallel}).
   *
   * @param description the runner job's name, e.g. {@code rsps/epoch-3/step-7/weights}
   */
  public static Pass run(ParallelRunner runner, String description, Supernet net, Encoding encoding,
      BatchNormMode mode, Batch batch, int shards, Sgd sgd, double lr, double gradClip) {
    SupernetGraph graph = net.graph(encoding, mode);
    return shards > 1
        ? apply(DataParallel.pass(runner, description, net, encoding, mode, batch, shards, graph.weightNames()),
            net.parameters(), sgd, lr, gradClip)
        : run(graph, net.parameters(), batch, sgd, lr, gradClip);
  }

  /** Clips and applies the weight gradients of a pass computed elsewhere (e.g. {@link DataParallel}). */
  public static Pass apply(Pass p, SupernetParameters params, Sgd sgd, double lr, double gradClip) {
    GradientClipping.clip(p.gradients(), gradClip);
    sgd.step(params.weights(), p.gradients(), lr);
    return p;
  }
}
