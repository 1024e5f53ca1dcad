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
      // integration point: the gradient-matching splitter is built on its own branch and wired here at merge
      case GRADIENT_MATCHING -> throw new ConfigException("nas.fewshot.splitter",
          "gradient-matching is not available in this build yet; use nas.fewshot.splitter = random");
      default -> throw new ConfigException("nas.fewshot.splitter", "unknown splitter '" + name + "', expected one of "
          + FewShotSettings.SPLITTERS);
    };
  }
}
