package org.sparknas.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.sparknas.core.data.Batch;
import org.sparknas.core.eval.DiscretisationGap;
import org.sparknas.core.eval.Score;
import org.sparknas.core.eval.Sharpness;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Supernet;

/**
 * The per-epoch analysis columns of a DARTS-style search's metrics row, as {@code nas.analysis} asks:
 * {@code sharpness} (dominant Hessian eigenvalue of the validation loss in alpha, on the first
 * {@code sharpness-batches} batches of the scored validation images, batch statistics, so nothing is
 * updated), and {@code derived_val_accuracy}, {@code derived_val_loss} and {@code gap} (supernet minus
 * derived validation accuracy, after recalibrating the derived path on the same
 * {@code recalibration-batches} training batches every epoch).
 * <pre>{@code
 * EpochAnalysis analysis = new EpochAnalysis(AnalysisSettings.from(settings), data, ctx.train(), ctx.seed());
 * row = row.withAnalysis(analysis.of(net, all, arch, score, epoch));
 * }</pre>
 *
 * @param s what to measure
 * @param data the search's data: its scored validation images and training batches
 * @param t the evaluation batch size
 * @param seed the search's seed, from which the sharpness iterations start
 */
public record EpochAnalysis(AnalysisSettings s, SearchData data, TrainSettings t, long seed) {

  /** The measurements after epoch {@code epoch} of the supernet {@code net} over {@code all}, scored {@code supernet}. */
  public EpochRow.Analysis of(Supernet net, Encoding all, Architecture derived, Score supernet, int epoch) {
    Double sharpness = null;
    Score d = null;
    int[] scored = data.evalIndices();
    if (s.sharpness()) {
      List<Batch> batches = new ArrayList<>();
      for (int b = 0; b < s.sharpnessBatches() && b * data.batchSize() < scored.length; b++) {
        int from = b * data.batchSize();
        batches.add(data.validEval().make(Arrays.copyOfRange(scored, from,
            Math.min(scored.length, from + data.batchSize())), from));
      }
      sharpness = Sharpness.ofArchitecture(net.graph(all, BatchNormMode.BATCH), net.parameters().alphas(),
          batches, s.sharpnessIterations(), s.sharpnessEps(), Seeds.seed(seed, "analysis/sharpness", epoch));
    }
    if (s.gap()) {
      List<Batch> recalibration = new ArrayList<>();
      for (int k = 0; k < s.recalibrationBatches(); k++) {
        recalibration.add(data.randomTrainBatch(k));
      }
      d = DiscretisationGap.derivedScore(net, derived, recalibration, data.validEval(), scored, t.evalBatchSize());
    }
    return d == null ? new EpochRow.Analysis(sharpness, null, null, null)
        : new EpochRow.Analysis(sharpness, d.accuracy(), d.loss(), supernet.accuracy() - d.accuracy());
  }
}
