package org.sparknas.core.strategy.snas;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.supernet.AlphaInit;

/**
 * The {@code nas.snas} block: the temperature range, how alpha starts, and the architecture optimiser
 * (Adam, as DARTS's).
 */
public record SnasSettings(double tauMax, double tauMin, AlphaInit alphaInit, double archLr, double beta1,
    double beta2, double archWeightDecay) {

  public static SnasSettings from(Settings s) {
    double tauMax = s.doubleIn("nas.snas.tau-max", 1e-6, 1e6);
    double tauMin = s.doubleIn("nas.snas.tau-min", 1e-6, 1e6);
    if (tauMin > tauMax) {
      throw new ConfigException("nas.snas.tau-min", "must not exceed nas.snas.tau-max (" + tauMax + "), got " + tauMin);
    }
    return new SnasSettings(tauMax, tauMin,
        new AlphaInit(s.doubleIn("nas.snas.alpha-init-mean", -1e3, 1e3), s.doubleIn("nas.snas.alpha-init-std", 0, 1e3)),
        s.doubleIn("nas.snas.arch-lr", 0, 10),
        s.doubleIn("nas.snas.arch-beta1", 0, 0.999999),
        s.doubleIn("nas.snas.arch-beta2", 0, 0.999999),
        s.doubleIn("nas.snas.arch-weight-decay", 0, 1));
  }

  /** The temperature over {@code epochs} epochs. */
  public TemperatureSchedule temperature(int epochs) {
    return new TemperatureSchedule(tauMax, tauMin, epochs);
  }
}
