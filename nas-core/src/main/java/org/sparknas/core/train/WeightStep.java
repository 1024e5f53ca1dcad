package org.sparknas.core.train;

import org.sparknas.core.data.Batch;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;

/** One weight step of supernet training: loss and weight gradients on a batch, global-norm clipping, SGD. */
public final class WeightStep {
  private WeightStep() {}

  public static Pass run(SupernetGraph graph, SupernetParameters params, Batch batch, Sgd sgd, double lr,
      double gradClip) {
    return apply(graph.forwardBackward(batch.features(), batch.labels(), graph.weightNames()), params, sgd, lr,
        gradClip);
  }

  /** Clips and applies the weight gradients of a pass computed elsewhere (e.g. {@link DataParallel}). */
  public static Pass apply(Pass p, SupernetParameters params, Sgd sgd, double lr, double gradClip) {
    GradientClipping.clip(p.gradients(), gradClip);
    sgd.step(params.weights(), p.gradients(), lr);
    return p;
  }
}
