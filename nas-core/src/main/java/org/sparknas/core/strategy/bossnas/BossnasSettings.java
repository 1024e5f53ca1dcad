package org.sparknas.core.strategy.bossnas;

import java.util.List;
import java.util.SplittableRandom;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.train.EmaMomentumSchedule;
import org.sparknas.core.train.Lars;
import org.sparknas.core.train.LarsExclusion;
import org.sparknas.core.train.WarmupCosineSchedule;

/**
 * The {@code nas.bossnas} block (specs/algorithms.md B.3-B.6). Defaults are the reference's
 * NATS/CIFAR values where the spaces differ (lr 0.48, 2 warm-up epochs, 50 epochs per block).
 * <pre>{@code
 * BossnasSettings s = BossnasSettings.from(settings);
 * Lars lars = s.newLars();                                    // fresh per block (B.4)
 * WarmupCosineSchedule lr = s.lrSchedule(stepsPerEpoch);      // restarted per block
 * EmaMomentumSchedule ema = s.emaSchedule(stepsPerEpoch);     // restarted per block
 * }</pre>
 *
 * @param pathsPerStep K, paths trained per step; 0 = the space's default (HyTra 4, fair spaces one per op)
 * @param epochsPerBlock E, epochs each block trains (the cosine's length)
 * @param lr LARS base learning rate (reference 4.8 ImageNet, 0.48 NATS)
 * @param lrMin the rate the cosine reaches at the end of a block
 * @param momentum LARS momentum
 * @param weightDecay LARS weight decay of the adapted parameters (batch norm and biases take none)
 * @param trustCoefficient LARS eta
 * @param warmupEpochs epochs of linear warm-up at the start of each block
 * @param warmupRatio the warm-up starts at this fraction of the rate
 * @param emaBase target EMA momentum at the start of a block
 * @param emaEnd target EMA momentum at the end of a block
 * @param views the augmentation of each of the two views
 * @param pairPerPath each of the K paths gets its own view pair (the ImageNet setting), else one pair is shared (NATS)
 * @param neckHidden hidden width of the projection neck (reference 4096)
 * @param projectionDim output width of neck and predictor (reference 256)
 * @param predictorHidden hidden width of the predictor (reference 4096)
 * @param ratingPathsPerTask candidate paths rated per parallel task
 * @param freezePreviousBlocks earlier blocks take no gradient (the paper's reading); false keeps them
 *     training along their chosen paths, as the reference code does (B.3 [AMBIGUOUS])
 */
public record BossnasSettings(int pathsPerStep, int epochsPerBlock, double lr, double lrMin, double momentum,
    double weightDecay, double trustCoefficient, int warmupEpochs, double warmupRatio, double emaBase, double emaEnd,
    Augmentation views, boolean pairPerPath, int neckHidden, int projectionDim, int predictorHidden,
    int ratingPathsPerTask, boolean freezePreviousBlocks) implements java.io.Serializable {

  static final String PREFIX = "nas.bossnas.";

  public static BossnasSettings from(Settings s) {
    BossnasSettings r = new BossnasSettings(
        s.intIn(PREFIX + "paths-per-step", 0, 1024),
        s.intIn(PREFIX + "epochs-per-block", 1, 100_000),
        s.doubleIn(PREFIX + "lars.lr", 0, 1000),
        s.doubleIn(PREFIX + "lars.lr-min", 0, 1000),
        s.doubleIn(PREFIX + "lars.momentum", 0, 1),
        s.doubleIn(PREFIX + "lars.weight-decay", 0, 1),
        s.doubleIn(PREFIX + "lars.trust-coefficient", 0, 1000),
        s.intIn(PREFIX + "warmup-epochs", 0, 100_000),
        s.doubleIn(PREFIX + "warmup-ratio", 0, 1),
        s.doubleIn(PREFIX + "ema.base-momentum", 0, 1),
        s.doubleIn(PREFIX + "ema.end-momentum", 0, 1),
        new Augmentation(s.bool(PREFIX + "views.crop"), s.intIn(PREFIX + "views.padding", 0, 1024),
            s.bool(PREFIX + "views.flip")),
        s.bool(PREFIX + "views.pair-per-path"),
        s.intIn(PREFIX + "head.neck-hidden", 1, 1 << 16),
        s.intIn(PREFIX + "head.projection-dim", 1, 1 << 16),
        s.intIn(PREFIX + "head.predictor-hidden", 1, 1 << 16),
        s.intIn(PREFIX + "rating.paths-per-task", 1, 1 << 16),
        s.bool(PREFIX + "freeze-previous-blocks"));
    if (r.warmupEpochs() > r.epochsPerBlock()) {
      throw new ConfigException(PREFIX + "warmup-epochs", "must not exceed nas.bossnas.epochs-per-block ("
          + r.epochsPerBlock() + "), got " + r.warmupEpochs());
    }
    return r;
  }

  /**
   * K for a space: the configured value or the space's default. A value the space cannot sample (fair
   * sampling needs a multiple of the op count) fails here, naming the key, before any training.
   */
  public int pathsPerStep(BlockwiseSpace space) {
    int k = pathsPerStep == 0 ? space.defaultPathsPerStep() : pathsPerStep;
    try {
      space.samplePaths(0, List.of(), k, new SplittableRandom(0));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(PREFIX + "paths-per-step", "space " + space.name() + " cannot train " + k
          + " paths per step: " + e.getMessage());
    }
    return k;
  }

  /** A fresh LARS for a block, batch-norm and bias vectors excluded from decay and adaptation. */
  public Lars newLars() {
    return new Lars(momentum, weightDecay, trustCoefficient, LarsExclusion.VECTORS);
  }

  /** The learning rate of one block, counted in block-relative epochs and steps. */
  public WarmupCosineSchedule lrSchedule(long stepsPerEpoch) {
    return new WarmupCosineSchedule(lr, lrMin, epochsPerBlock, warmupEpochs * stepsPerEpoch, warmupRatio);
  }

  /** The target EMA momentum of one block, over its {@code epochsPerBlock * stepsPerEpoch} steps. */
  public EmaMomentumSchedule emaSchedule(long stepsPerEpoch) {
    return new EmaMomentumSchedule(emaBase, emaEnd, epochsPerBlock * stepsPerEpoch);
  }
}
