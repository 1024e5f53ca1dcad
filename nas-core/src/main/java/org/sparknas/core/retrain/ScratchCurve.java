package org.sparknas.core.retrain;

import java.io.Serializable;

/**
 * What training one architecture from scratch gave, per epoch (index 0 = epoch 1): training loss and
 * accuracy over the epoch's steps, and validation loss and accuracy after it (running-statistic BN).
 */
public record ScratchCurve(String architecture, double[] trainLoss, double[] trainAccuracy, double[] valLoss,
    double[] valAccuracy) implements Serializable {

  /** Validation accuracy after the last epoch: the architecture's ground truth in a ranking study. */
  public double finalAccuracy() {
    return valAccuracy[valAccuracy.length - 1];
  }

  public int epochs() {
    return valAccuracy.length;
  }
}
