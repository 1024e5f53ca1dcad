package org.sparknas.core.train;

import java.io.Serializable;

/**
 * Cosine annealing per epoch from {@code max} to {@code min} over {@code epochs}:
 * {@code lr(e) = min + (max - min) (1 + cos(pi e / T)) / 2}. (DARTS's code steps its scheduler at the
 * start of each epoch, so its epoch 0 already uses lr(1); this class uses lr(e) at epoch e.)
 */
public record CosineSchedule(double max, double min, int epochs) implements Serializable {
  public CosineSchedule {
    if (epochs <= 0) {
      throw new IllegalArgumentException("cosine schedule needs epochs > 0, got " + epochs);
    }
  }

  public double at(int epoch) {
    return min + (max - min) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
  }
}
