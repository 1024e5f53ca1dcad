package org.sparknas.core.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * Shared read-only state for scoring candidate architectures with inherited supernet weights: the
 * space, the parameters, the data (scored on its validation half, unaugmented) and how to batch it.
 * Sent once to every task (the data as its settings, see {@link DataSource}); {@link #score} is the
 * work function applied to each candidate's canonical string.
 * <pre>{@code
 * CandidateScoring s = new CandidateScoring(space, net.parameters(), ctx.data(), indices, 256, BatchNormMode.BATCH);
 * List<Score> scores = CandidateScoring.scoreAll(runner, "rsps/candidates", s, archStrings);
 * }</pre>
 *
 * @param bnMode {@code BATCH} for supernets trained without running statistics (RSPS), {@code RUNNING} otherwise
 */
public record CandidateScoring(SearchSpace space, SupernetParameters parameters, DataSource data, int[] indices,
    int batchSize, BatchNormMode bnMode) implements Serializable {

  /**
   * Scores every candidate through {@code runner}, the costliest first so that no task slot is left
   * alone with a big one at the end; the scores come back in the order of {@code architectures}.
   */
  public static List<Score> scoreAll(ParallelRunner runner, String description, CandidateScoring s,
      List<String> architectures) {
    return runner.mapLongestFirst(description, s, new ArrayList<>(architectures), CandidateScoring::score,
        a -> cost(s.space(), a));
  }

  /** What scoring a candidate costs, up to the memory-bound layers: its network's multiply-adds per example. */
  public static double cost(SearchSpace space, String architecture) {
    return space.network(space.parse(architecture).encoding()).multiplyAdds();
  }

  /**
   * Scores one candidate; never changes the shared parameters (no running-statistics updates in these
   * modes). Several tasks of one executor JVM (local[N], multi-core executors) see the same broadcast
   * object, so the graph binds the shared arrays through private name maps: an array a graph creates
   * on first use (an op no training step sampled) lands in this call's map, not in the shared one.
   */
  public static Score score(CandidateScoring s, String architecture) {
    if (s.bnMode() == BatchNormMode.TRAIN) {
      throw new IllegalArgumentException("candidate scoring must not update shared statistics; use RUNNING or BATCH");
    }
    Architecture arch = s.space().parse(architecture);
    SupernetParameters p = s.parameters();
    SupernetParameters view = new SupernetParameters(new ParameterSet(p.weights().asMap()),
        new ParameterSet(p.alphas().asMap()), new ParameterSet(p.bnStats().asMap()), p.seed());
    Supernet net = new Supernet(s.space(), view);
    BatchMaker maker = new BatchMaker(s.data().search().valid(), s.data().normalization(), Augmentation.NONE, 0L);
    try {
      return Evaluator.score(net.graph(arch.encoding(), s.bnMode()), maker, s.indices(), s.batchSize());
    } finally {
      // the candidate's activation memory goes back now, not when a collection finds its small handle
      net.clearGraphs();
    }
  }
}
