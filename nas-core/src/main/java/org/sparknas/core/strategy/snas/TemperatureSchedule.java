package org.sparknas.core.strategy.snas;

import java.io.Serializable;

/**
 * SNAS's Gumbel-softmax temperature, decayed linearly per epoch (specs/algorithms.md A.6):
 * {@code tau(ep) = (1 - ep/T)(max - min) + min}, so epoch 0 uses {@code max} and the last epoch
 * {@code min + (max - min)/T}. A GM-NAS sub-supernet spawned at epoch {@code s} gets a new schedule with
 * {@code T = total - s}, counted from its own first epoch.
 * <pre>{@code
 * TemperatureSchedule tau = new TemperatureSchedule(1.0, 0.1, 50);
 * double t = tau.at(epoch);
 * }</pre>
 */
public record TemperatureSchedule(double max, double min, int epochs) implements Serializable {
  public TemperatureSchedule {
    if (epochs <= 0) {
      throw new IllegalArgumentException("temperature schedule needs epochs > 0, got " + epochs);
    }
    if (!(min > 0 && min <= max)) {
      throw new IllegalArgumentException("temperature schedule needs 0 < min <= max, got min " + min + ", max " + max);
    }
  }

  public double at(int epoch) {
    return (1 - epoch / (double) epochs) * (max - min) + min;
  }
}
