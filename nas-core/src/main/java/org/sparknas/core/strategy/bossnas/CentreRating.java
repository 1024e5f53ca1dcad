package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.WorkFunction;

/**
 * The population-centre rating of a block's candidates (specs/algorithms.md B.5, B.9) as two passes
 * of parallel work through the runtime seam, so that Spark runs it as tasks:
 * <ol>
 * <li>each task takes {@code pathsPerTask} consecutive candidates and returns the per-batch sums of
 *     their target projections; the driver adds the sums in task order and divides by the number of
 *     candidates: the centre;</li>
 * <li>the centre is the shared (broadcast) state; each task returns the scores of its candidates.</li>
 * </ol>
 * Summation order depends only on {@code pathsPerTask}, never on the executors, so local[1],
 * local[2] and a cluster give the same numbers. The result equals {@link PopulationCentre#rank} on the
 * same projections.
 * <pre>{@code
 * List<RatedPath<BlockPath>> ranked = CentreRating.rate(runner, "bossnas/block-1/rating", model,
 *     space.candidates(1, chosen), 1);
 * BlockPath best = ranked.get(0).path();
 * }</pre>
 */
public final class CentreRating {
  private CentreRating() {}

  /** Rates every candidate and returns them ranked, best (lowest score) first. */
  public static <P extends Serializable> List<RatedPath<P>> rate(ParallelRunner runner, String description,
      RatingModel<P> model, List<P> candidates, int pathsPerTask) {
    List<ProjectionPair> centre = centre(runner, description, model, candidates, pathsPerTask);
    double[] scores = scores(runner, description, model, candidates, pathsPerTask, centre);
    return PopulationCentre.ranked(candidates, scores);
  }

  /** Pass 1: the per-batch centre of the candidates' target projections. */
  public static <P extends Serializable> List<ProjectionPair> centre(ParallelRunner runner, String description,
      RatingModel<P> model, List<P> candidates, int pathsPerTask) {
    WorkFunction<RatingModel<P>, Chunk<P>, ArrayList<ProjectionPair>> sumTargets = (m, chunk) -> {
      List<List<ProjectionPair>> targets = new ArrayList<>();
      for (P path : chunk.paths()) {
        targets.add(m.targetProjections(path));
      }
      return new ArrayList<>(PopulationCentre.sum(targets));
    };
    List<ArrayList<ProjectionPair>> sums =
        runner.map(description + "/centre", model, chunks(candidates, pathsPerTask), sumTargets);
    return PopulationCentre.divide(PopulationCentre.sum(new ArrayList<>(sums)), candidates.size());
  }

  /** Pass 2: each candidate's score towards {@code centre}, in candidate order. */
  public static <P extends Serializable> double[] scores(ParallelRunner runner, String description,
      RatingModel<P> model, List<P> candidates, int pathsPerTask, List<ProjectionPair> centre) {
    WorkFunction<Centred<P>, Chunk<P>, double[]> score = (shared, chunk) -> {
      double[] s = new double[chunk.paths().size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = PopulationCentre.score(shared.model().onlinePredictions(chunk.paths().get(i)), shared.centre());
      }
      return s;
    };
    List<double[]> perChunk = runner.map(description + "/scores", new Centred<>(model, new ArrayList<>(centre)),
        chunks(candidates, pathsPerTask), score);
    double[] scores = new double[candidates.size()];
    int i = 0;
    for (double[] s : perChunk) {
      System.arraycopy(s, 0, scores, i, s.length);
      i += s.length;
    }
    return scores;
  }

  private static <P extends Serializable> List<Chunk<P>> chunks(List<P> candidates, int pathsPerTask) {
    if (candidates.isEmpty() || pathsPerTask < 1) {
      throw new IllegalArgumentException("the rating needs candidates and paths-per-task >= 1, got "
          + candidates.size() + " candidates and " + pathsPerTask);
    }
    List<Chunk<P>> chunks = new ArrayList<>();
    for (int from = 0; from < candidates.size(); from += pathsPerTask) {
      chunks.add(new Chunk<>(new ArrayList<>(candidates.subList(from, Math.min(candidates.size(), from + pathsPerTask)))));
    }
    return chunks;
  }

  /** A run of consecutive candidates: one task's work. */
  public record Chunk<P extends Serializable>(ArrayList<P> paths) implements Serializable {}

  /** The shared state of pass 2: the model and the broadcast centre. */
  public record Centred<P extends Serializable>(RatingModel<P> model, ArrayList<ProjectionPair> centre)
      implements Serializable {}
}
