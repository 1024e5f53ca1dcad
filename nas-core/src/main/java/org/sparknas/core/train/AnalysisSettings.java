package org.sparknas.core.train;

import org.sparknas.core.config.Settings;

/**
 * The {@code nas.analysis} block: per-epoch measurements of a DARTS-style search, off by default
 * because they cost passes. Sharpness: power iterations, finite-difference step and fixed validation
 * batches; the gap: training batches for the derived path's batch-norm recalibration.
 */
public record AnalysisSettings(boolean sharpness, int sharpnessIterations, double sharpnessEps, int sharpnessBatches,
    boolean gap, int recalibrationBatches) {

  /** Nothing measured. */
  public static final AnalysisSettings OFF = new AnalysisSettings(false, 1, 1e-2, 1, false, 1);

  public static AnalysisSettings from(Settings s) {
    return new AnalysisSettings(
        s.bool("nas.analysis.sharpness"),
        s.intIn("nas.analysis.sharpness-iterations", 1, 1000),
        s.doubleIn("nas.analysis.sharpness-eps", 1e-8, 1),
        s.intIn("nas.analysis.sharpness-batches", 1, 10_000),
        s.bool("nas.analysis.gap"),
        s.intIn("nas.analysis.recalibration-batches", 1, 10_000));
  }
}
