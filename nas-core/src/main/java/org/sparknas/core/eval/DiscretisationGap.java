package org.sparknas.core.eval;

import java.util.List;

import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The discretisation gap of a weight-sharing search: how much validation accuracy is lost when the
 * supernet is replaced by the architecture derived from it. The derived single path inherits the
 * supernet's weights; its batch-norm running statistics are recalibrated first, because the
 * supernet's were accumulated on mixed-edge sums and do not describe a single path's activations:
 * a forward pass in TRAIN mode on each recalibration batch with momentum {@code 1/k} on the k-th
 * (a cumulative average, so the first batch replaces the supernet's values and every batch counts the
 * same). The supernet itself is never changed: the path gets private copies of the statistics.
 * <pre>{@code
 * Score derived = DiscretisationGap.derivedScore(net, arch, trainBatches, validEval, indices, 256);
 * double gap = supernetScore.accuracy() - derived.accuracy();
 * }</pre>
 */
public final class DiscretisationGap {
  private DiscretisationGap() {}

  public static Score derivedScore(Supernet net, Architecture derived, List<Batch> recalibration, BatchMaker valid,
      int[] indices, int batchSize) {
    SupernetParameters p = net.parameters();
    // weights and alphas are shared read-only; statistics are a private copy the recalibration overwrites
    SupernetParameters view = new SupernetParameters(new ParameterSet(p.weights().asMap()),
        new ParameterSet(p.alphas().asMap()), p.bnStats().copy(), p.seed());
    Supernet path = new Supernet(net.space(), view);
    try {
      for (int k = 0; k < recalibration.size(); k++) {
        path.graph(derived.encoding(), BatchNormMode.TRAIN)
            .updateRunningStatistics(recalibration.get(k).features(), 1.0 / (k + 1));
      }
      return Evaluator.score(path.graph(derived.encoding(), BatchNormMode.RUNNING), valid, indices, batchSize);
    } finally {
      // the path's activation memory goes back now: left to the collector, a small Java handle
      // tenured over native memory can wait for an old-generation collection that never comes
      path.clearGraphs();
    }
  }
}
