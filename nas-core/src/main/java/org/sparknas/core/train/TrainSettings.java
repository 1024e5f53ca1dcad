package org.sparknas.core.train;

import org.sparknas.core.config.Settings;

/** The {@code nas.train} block: the weight-training budget and optimiser shared by all methods. */
public record TrainSettings(int epochs, int batchSize, int stepsPerEpoch, double lr, double lrMin, double momentum,
    boolean nesterov, double weightDecay, double gradClip, int evalSubset, int evalBatchSize,
    double logEverySeconds, int shards) {

  /** Settings without data parallelism (one shard). */
  public TrainSettings(int epochs, int batchSize, int stepsPerEpoch, double lr, double lrMin, double momentum,
      boolean nesterov, double weightDecay, double gradClip, int evalSubset, int evalBatchSize,
      double logEverySeconds) {
    this(epochs, batchSize, stepsPerEpoch, lr, lrMin, momentum, nesterov, weightDecay, gradClip, evalSubset,
        evalBatchSize, logEverySeconds, 1);
  }

  public static TrainSettings from(Settings s) {
    return new TrainSettings(
        s.intIn("nas.train.epochs", 1, 100_000),
        s.intIn("nas.train.batch-size", 1, 1_000_000),
        s.intIn("nas.train.steps-per-epoch", 0, Integer.MAX_VALUE),
        s.doubleIn("nas.train.lr", 0, 10),
        s.doubleIn("nas.train.lr-min", 0, 10),
        s.doubleIn("nas.train.momentum", 0, 1),
        s.bool("nas.train.nesterov"),
        s.doubleIn("nas.train.weight-decay", 0, 1),
        s.doubleIn("nas.train.grad-clip", 0, Double.MAX_VALUE),
        s.intIn("nas.train.eval-subset", 0, Integer.MAX_VALUE),
        s.intIn("nas.train.eval-batch-size", 1, 1_000_000),
        s.doubleIn("nas.train.log-every-seconds", 0, 1e9),
        s.intIn("nas.train.shards", 1, 4096));
  }

  /** A fresh SGD (no momentum buffers yet) with these momentum, Nesterov and weight-decay settings. */
  public Sgd newSgd() {
    return new Sgd(momentum, nesterov, weightDecay);
  }

  /** A copy with another schedule: epochs, steps per epoch (0 = one pass) and the cosine's lr range. */
  public TrainSettings withSchedule(int epochs, int stepsPerEpoch, double lr, double lrMin) {
    return new TrainSettings(epochs, batchSize, stepsPerEpoch, lr, lrMin, momentum, nesterov, weightDecay, gradClip,
        evalSubset, evalBatchSize, logEverySeconds, shards);
  }
}
