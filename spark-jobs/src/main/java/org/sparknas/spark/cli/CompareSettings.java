package org.sparknas.spark.cli;

import java.util.HashSet;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.retrain.RetrainSettings;
import org.sparknas.core.strategy.Strategies;

/**
 * The {@code nas.compare} block: the methods, the seeds every method runs with, and whether every
 * derived architecture is retrained with {@code nas.retrain}'s recipe and scored on the test split.
 * Each method's strategy is created once here, so what only that method checks (e.g. sddarts's one
 * shard) fails before any search starts; so does a bad retrain recipe when retraining is on.
 */
public record CompareSettings(List<String> methods, List<Long> seeds, boolean retrain) {

  public static CompareSettings from(Settings s) {
    List<String> methods = s.stringList("nas.compare.methods");
    for (String m : methods) {
      if (!Strategies.NAMES.contains(m)) {
        throw new ConfigException("nas.compare.methods", "unknown method '" + m + "', expected some of " + Strategies.NAMES);
      }
      Strategies.create(m, s);
    }
    List<Long> seeds = s.longList("nas.compare.seeds");
    if (new HashSet<>(methods).size() != methods.size()) {
      throw new ConfigException("nas.compare.methods", "lists a method twice: " + methods);
    }
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new ConfigException("nas.compare.seeds", "lists a seed twice: " + seeds);
    }
    boolean retrain = s.bool("nas.compare.retrain");
    if (retrain) {
      RetrainSettings.recipe(s);
    }
    return new CompareSettings(methods, seeds, retrain);
  }
}
