package org.sparknas.core.strategy.fewshot;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;

/** The splitter named by {@code nas.fewshot.splitter}. */
public final class EdgeSplitters {
  public static final String GRADIENT_MATCHING = "gradient-matching";
  public static final String RANDOM = "random";

  private EdgeSplitters() {}

  /** @param settings the whole job config, from which a splitter reads its own block ({@code nas.fewshot.gm}) */
  public static EdgeSplitter create(String name, Settings settings) {
    return switch (name) {
      case RANDOM -> new RandomEdgeSplitter();
      case GRADIENT_MATCHING -> new GradientMatchingSplitter(GradientMatchingSettings.from(settings));
      default -> throw new ConfigException("nas.fewshot.splitter", "unknown splitter '" + name + "', expected one of "
          + FewShotSettings.SPLITTERS);
    };
  }
}
