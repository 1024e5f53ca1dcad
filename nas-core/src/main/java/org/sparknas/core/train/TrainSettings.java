package org.sparknas.core.train;

import org.sparknas.core.config.Settings;

/**
 * The {@code nas.train} block: the weight-training budget and optimiser shared by all methods, as three
 * small parts (the schedule, SGD, the per-epoch scoring) plus the data-parallel shards and the interval
 * of progress lines. The flat accessors ({@link #lr()}, {@link #epochs()}, ...) read through to the parts.
 * <pre>{@code
 * TrainSettings t = new TrainSettings(new TrainSettings.Schedule(50, 64, 0, 0.025, 0.001),
 *     new TrainSettings.SgdSettings(0.9, false, 3e-4, 5.0), new TrainSettings.Scoring(0, 256), 1, 30);
 * }</pre>
 */
public record TrainSettings(Schedule schedule, SgdSettings sgd, Scoring scoring, int shards, double logEverySeconds) {

  /**
   * Epochs of {@code stepsPerEpoch} steps (0 = one pass over the weights half) of {@code batchSize}
   * images, and the cosine learning rate from {@code lr} to {@code lrMin}.
   */
  public record Schedule(int epochs, int batchSize, int stepsPerEpoch, double lr, double lrMin) {}

  /** SGD's momentum, Nesterov and L2 weight decay, and the global-norm clip of the weight gradients. */
  public record SgdSettings(double momentum, boolean nesterov, double weightDecay, double gradClip) {}

  /** The validation images scored after each epoch ({@code subset}, 0 = the whole half) and their batch size. */
  public record Scoring(int subset, int batchSize) {}

  public static TrainSettings from(Settings s) {
    return new TrainSettings(
        new Schedule(
            s.intIn("nas.train.epochs", 1, 100_000),
            s.intIn("nas.train.batch-size", 1, 1_000_000),
            s.intIn("nas.train.steps-per-epoch", 0, Integer.MAX_VALUE),
            s.doubleIn("nas.train.lr", 0, 10),
            s.doubleIn("nas.train.lr-min", 0, 10)),
        new SgdSettings(
            s.doubleIn("nas.train.momentum", 0, 1),
            s.bool("nas.train.nesterov"),
            s.doubleIn("nas.train.weight-decay", 0, 1),
            s.doubleIn("nas.train.grad-clip", 0, Double.MAX_VALUE)),
        new Scoring(
            s.intIn("nas.train.eval-subset", 0, Integer.MAX_VALUE),
            s.intIn("nas.train.eval-batch-size", 1, 1_000_000)),
        s.intIn("nas.train.shards", 1, 4096),
        s.doubleIn("nas.train.log-every-seconds", 0, 1e9));
  }

  /** A fresh SGD (no momentum buffers yet) with these momentum, Nesterov and weight-decay settings. */
  public Sgd newSgd() {
    return new Sgd(sgd.momentum(), sgd.nesterov(), sgd.weightDecay());
  }

  /** A copy with another schedule: epochs, steps per epoch (0 = one pass) and the cosine's lr range. */
  /** The same settings with another training batch size. */
  public TrainSettings withBatchSize(int batchSize) {
    return new TrainSettings(new Schedule(schedule.epochs(), batchSize, schedule.stepsPerEpoch(), schedule.lr(),
        schedule.lrMin()), sgd, scoring, shards, logEverySeconds);
  }

  public TrainSettings withSchedule(int epochs, int stepsPerEpoch, double lr, double lrMin) {
    return new TrainSettings(new Schedule(epochs, schedule.batchSize(), stepsPerEpoch, lr, lrMin), sgd, scoring,
        shards, logEverySeconds);
  }

  public int epochs() {
    return schedule.epochs();
  }

  public int batchSize() {
    return schedule.batchSize();
  }

  public int stepsPerEpoch() {
    return schedule.stepsPerEpoch();
  }

  public double lr() {
    return schedule.lr();
  }

  public double lrMin() {
    return schedule.lrMin();
  }

  public double momentum() {
    return sgd.momentum();
  }

  public double weightDecay() {
    return sgd.weightDecay();
  }

  public double gradClip() {
    return sgd.gradClip();
  }

  public int evalSubset() {
    return scoring.subset();
  }

  public int evalBatchSize() {
    return scoring.batchSize();
  }
}
