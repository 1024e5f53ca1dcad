package org.sparknas.core.train;

import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Supernet;

/**
 * The single-path weight-training loop: every step trains the graph of one path (one op per edge) on
 * the next weight-half batch with SGD, clipping and the cosine schedule. RSPS draws a new path each
 * step (batch-statistic BN); from-scratch training keeps one path (running-statistic BN).
 * <pre>{@code
 * new PathTraining(net, data, settings, BatchNormMode.BATCH).run("rsps", runner, sgd, 0,
 *     step -> samplePath(step), (epoch, lr, stats, progress) -> metrics.record(stats.row("rsps", epoch, lr)));
 * }</pre>
 */
public record PathTraining(Supernet net, SearchData data, TrainSettings settings, BatchNormMode mode) {

  /** The path trained at a global step; a function of the step only, so a resumed run redraws it. */
  @FunctionalInterface
  public interface Paths {
    Encoding at(long globalStep);
  }

  /** Called after the last step of each epoch (0-based). */
  @FunctionalInterface
  public interface EpochEnd {
    void done(int epoch, double lr, EpochStats stats, Progress progress);
  }

  /**
   * Trains epochs {@code fromEpoch} to {@code settings.epochs() - 1}; {@code runner} is told the phase
   * {@code <phase>/epoch-<n>} as each epoch starts (for Spark job names) and runs the shard passes of
   * a step when {@code settings.shards() > 1} (data-parallel, {@link WeightStep}).
   */
  public void run(String phase, ParallelRunner runner, Sgd sgd, int fromEpoch, Paths paths, EpochEnd end) {
    run(phase, runner, sgd, fromEpoch, settings.epochs(), paths, end);
  }

  /**
   * Trains epochs {@code fromEpoch} to {@code untilEpoch - 1} of the {@code settings.epochs()}-epoch
   * schedule: stopping at {@code untilEpoch} and going on from there later trains exactly as one run.
   */
  public void run(String phase, ParallelRunner runner, Sgd sgd, int fromEpoch, int untilEpoch, Paths paths,
      EpochEnd end) {
    if (untilEpoch > settings.epochs()) {
      throw new IllegalArgumentException("cannot train to epoch " + untilEpoch + " of " + settings.epochs());
    }
    CosineSchedule schedule = new CosineSchedule(settings.lr(), settings.lrMin(), settings.epochs());
    Progress progress = new Progress(phase, settings.epochs(), data.stepsPerEpoch(), settings.logEverySeconds());
    for (int epoch = fromEpoch; epoch < untilEpoch; epoch++) {
      runner.phase(phase + "/epoch-" + (epoch + 1));
      double lr = schedule.at(epoch);
      EpochStats stats = new EpochStats();
      for (int step = 0; step < data.stepsPerEpoch(); step++) {
        Encoding path = paths.at(data.globalStep(epoch, step));
        Batch train = data.trainBatch(epoch, step);
        String where = phase + "/epoch-" + (epoch + 1) + "/step-" + (step + 1) + "/weights";
        stats.add(WeightStep.run(runner, where, net, path, mode, train, settings.shards(), sgd, lr,
            settings.gradClip()), train);
        progress.step(epoch, step, stats.loss(), stats.accuracy());
      }
      end.done(epoch, lr, stats, progress);
    }
  }
}
