package org.sparknas.spark.cli;

import java.util.HashSet;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.Strategies;

/**
 * The {@code nas.quality} block: the methods compared, the seeds, and the random baseline's brief
 * training and bounds. Each method's strategy is created once here, so a method's own checks fail
 * before any search starts.
 */
public record QualitySettings(List<String> methods, List<Long> seeds, int randomEpochs, int randomMin,
    int randomMax) {

  public static QualitySettings from(Settings s) {
    List<String> methods = s.stringList("nas.quality.methods");
    for (String m : methods) {
      if (!Strategies.NAMES.contains(m)) {
        throw new ConfigException("nas.quality.methods", "unknown method '" + m + "', expected some of "
            + Strategies.NAMES);
      }
      Strategies.create(m, s);
    }
    if (methods.isEmpty() || new HashSet<>(methods).size() != methods.size()) {
      throw new ConfigException("nas.quality.methods", "needs distinct methods, got " + methods);
    }
    List<Long> seeds = s.longList("nas.quality.seeds");
    if (seeds.isEmpty() || new HashSet<>(seeds).size() != seeds.size()) {
      throw new ConfigException("nas.quality.seeds", "needs distinct seeds, got " + seeds);
    }
    int min = s.intIn("nas.quality.random-min", 1, 1_000_000);
    int max = s.intIn("nas.quality.random-max", 1, 1_000_000);
    if (max < min) {
      throw new ConfigException("nas.quality.random-max", "must be >= nas.quality.random-min (" + min + "), got " + max);
    }
    return new QualitySettings(methods, seeds, s.intIn("nas.quality.random-epochs", 1, 100_000), min, max);
  }
}
