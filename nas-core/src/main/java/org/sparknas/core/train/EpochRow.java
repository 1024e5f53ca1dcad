package org.sparknas.core.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code metrics.jsonl}: an epoch of a supernet. Every row has the head (phase, 1-based
 * epoch, learning rate, training loss and accuracy) and the elapsed time; the parts in between only
 * where a method measures them: a few-shot sub-supernet's place, SNAS's temperature, SD-DARTS's
 * distillation, the supernet's validation score with its derived architecture, and the
 * {@code nas.analysis} measurements. {@link #columns()} is the row as it is written, its columns in one
 * fixed order (the report's {@code RunTables.METRIC_COLUMNS} lists them all).
 * <pre>{@code
 * EpochRow row = stats.row("darts", epoch, lr).withValidation(new EpochRow.Validation(0.9, 0.7, arch, alphas))
 *     .withElapsedSeconds(progress.elapsedSeconds());
 * metrics.record(row);
 * }</pre>
 */
public record EpochRow(String phase, int epoch, double lr, double trainLoss, double trainAccuracy, Subnet subnet,
    Double tau, Distillation distillation, Validation validation, Analysis analysis, Retrain retrain,
    Blockwise blockwise, double elapsedSeconds) implements Serializable {

  /** A few-shot sub-supernet: its tree path, its level and whether its architecture parameters trained. */
  public record Subnet(String path, int level, boolean alphasTrained) implements Serializable {}

  /** SD-DARTS: lambda, the mean distillation KL over the distilled steps, those steps, the voting teachers. */
  public record Distillation(double lambda, double kl, int steps, int teachers) implements Serializable {}

  /** The supernet on the scored validation images, the architecture derived from it, softmax(alpha) per group. */
  public record Validation(double loss, double accuracy, String architecture, Map<String, double[][]> alphas)
      implements Serializable {}

  /**
   * The {@code nas.analysis} measurements, each null when not asked for: the dominant Hessian eigenvalue
   * in alpha, the derived path's validation accuracy and loss, and the supernet's accuracy minus it.
   */
  public record Analysis(Double sharpness, Double derivedValAccuracy, Double derivedValLoss, Double gap)
      implements Serializable {}

  /**
   * A DL4J retraining epoch ({@code bin/nas retrain}): the drop-path probability, the objective it
   * trained on (auxiliary head included), the training images scored for the row's loss and accuracy
   * (0: none, and the row has neither), the epoch's seconds.
   */
  public record Retrain(double dropPath, double objective, int scored, double epochSeconds) implements Serializable {}

  /**
   * A BossNAS epoch: the block being trained (0-based), the epoch within it (1-based), the target's EMA
   * momentum at the epoch's end, the paths per step.
   */
  public record Blockwise(int block, int epochInBlock, double emaMomentum, int pathsPerStep) implements Serializable {}

  /**
   * The head of a row: phase, epoch (0-based here, 1-based in the row), lr, training loss and accuracy
   * (NaN: not measured, left out of the row).
   */
  public static EpochRow head(String phase, int epoch, double lr, double trainLoss, double trainAccuracy) {
    return new EpochRow(phase, epoch + 1, lr, trainLoss, trainAccuracy, null, null, null, null, null, null, null, 0);
  }

  public EpochRow withSubnet(Subnet s) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, s, tau, distillation, validation, analysis,
        retrain, blockwise, elapsedSeconds);
  }

  public EpochRow withTau(double t) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, t, distillation, validation, analysis,
        retrain, blockwise, elapsedSeconds);
  }

  public EpochRow withDistillation(Distillation d) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, tau, d, validation, analysis,
        retrain, blockwise, elapsedSeconds);
  }

  /** With the supernet's validation score; {@code null} for none (a base that scores nothing). */
  public EpochRow withValidation(Validation v) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, tau, distillation, v, analysis,
        retrain, blockwise, elapsedSeconds);
  }

  public EpochRow withAnalysis(Analysis a) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, tau, distillation, validation, a,
        retrain, blockwise, elapsedSeconds);
  }

  public EpochRow withRetrain(Retrain r) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, tau, distillation, validation, analysis,
        r, blockwise, elapsedSeconds);
  }

  public EpochRow withBlockwise(Blockwise b) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, tau, distillation, validation, analysis,
        retrain, b, elapsedSeconds);
  }

  public EpochRow withElapsedSeconds(double seconds) {
    return new EpochRow(phase, epoch, lr, trainLoss, trainAccuracy, subnet, tau, distillation, validation, analysis,
        retrain, blockwise, seconds);
  }

  /** The row as written: column name to value in the fixed order, parts a method did not measure left out. */
  public Map<String, Object> columns() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", phase);
    m.put("epoch", epoch);
    m.put("lr", lr);
    putIfMeasured(m, "train_loss", Double.isNaN(trainLoss) ? null : trainLoss);
    putIfMeasured(m, "train_accuracy", Double.isNaN(trainAccuracy) ? null : trainAccuracy);
    if (subnet != null) {
      m.put("subnet", subnet.path());
      m.put("level", subnet.level());
      m.put("alphas_trained", subnet.alphasTrained());
    }
    if (tau != null) {
      m.put("tau", tau);
    }
    if (distillation != null) {
      m.put("distillation_lambda", distillation.lambda());
      m.put("distillation_kl", distillation.kl());
      m.put("distilled_steps", distillation.steps());
      m.put("teachers", distillation.teachers());
    }
    if (validation != null) {
      m.put("val_loss", validation.loss());
      m.put("val_accuracy", validation.accuracy());
      m.put("architecture", validation.architecture());
      m.put("alphas", validation.alphas());
    }
    if (analysis != null) {
      putIfMeasured(m, "sharpness", analysis.sharpness());
      putIfMeasured(m, "derived_val_accuracy", analysis.derivedValAccuracy());
      putIfMeasured(m, "derived_val_loss", analysis.derivedValLoss());
      putIfMeasured(m, "gap", analysis.gap());
    }
    if (blockwise != null) {
      m.put("block", blockwise.block());
      m.put("epoch_in_block", blockwise.epochInBlock());
      m.put("ema_momentum", blockwise.emaMomentum());
      m.put("paths_per_step", blockwise.pathsPerStep());
    }
    if (retrain != null) {
      m.put("drop_path", retrain.dropPath());
      m.put("train_objective", retrain.objective());
      if (retrain.scored() > 0) {
        m.put("train_scored", retrain.scored());
      }
      m.put("epoch_seconds", retrain.epochSeconds());
    }
    m.put("elapsed_seconds", elapsedSeconds);
    return m;
  }

  private static void putIfMeasured(Map<String, Object> m, String column, Double value) {
    if (value != null) {
      m.put(column, value);
    }
  }
}
