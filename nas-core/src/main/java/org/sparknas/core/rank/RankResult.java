package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.retrain.ScratchCurve;

/**
 * A ranking study's outcome: the sampled architectures with their from-scratch curves (same order),
 * the weight steps all from-scratch runs took together, and each arm's scores and correlations.
 */
public record RankResult(List<ScratchCurve> curves, long scratchWeightSteps, List<ArmResult> arms) {

  /** Final from-scratch validation accuracy of every architecture: the ground truth. */
  public double[] groundTruth() {
    return curves.stream().mapToDouble(ScratchCurve::finalAccuracy).toArray();
  }
}
