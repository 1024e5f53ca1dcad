package org.sparknas.core.strategy.fewshot;

import java.util.List;
import java.util.Locale;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.rsps.RspsSearch;
import org.sparknas.core.strategy.snas.SnasSearch;

/**
 * The {@code nas.fewshot} block (specs/algorithms.md A.5): the base algorithm trained inside every
 * sub-supernet, the edge splitter, the split epochs {@code t1 < ... < tS}, restart, the projection
 * warm-up after the last split (total epochs = tS + warm-up; {@code nas.train.epochs} is not used),
 * whether a spawned sub-supernet gets a cosine schedule over the remaining epochs only, whether the
 * architecture parameters stay frozen before the last split, whether they start exactly uniform
 * (DARTS space {@code fix_alpha_equal}), and how the final architecture is selected.
 */
public record FewShotSettings(String base, String splitter, List<Integer> splitEpochs, Restart restart,
    int warmupEpochs, boolean fixSchedule, boolean freezeAlphas, boolean equalAlphas, Selection selection) {

  public static final List<String> BASES = List.of(DartsSearch.NAME, RspsSearch.NAME, SnasSearch.NAME);
  public static final List<String> SPLITTERS = List.of(EdgeSplitters.GRADIENT_MATCHING, EdgeSplitters.RANDOM);

  public FewShotSettings {
    splitEpochs = List.copyOf(splitEpochs);
  }

  public static FewShotSettings from(Settings s) {
    String restart = s.oneOf("nas.fewshot.restart", List.of("none", "all", "final"));
    return new FewShotSettings(
        s.oneOf("nas.fewshot.base", BASES),
        s.oneOf("nas.fewshot.splitter", SPLITTERS),
        splitEpochs(s, "nas.fewshot.split-epochs"),
        Restart.valueOf(restart.toUpperCase(Locale.ROOT)),
        s.intIn("nas.fewshot.warmup-epochs", 0, 100_000),
        s.bool("nas.fewshot.fix-schedule"),
        s.bool("nas.fewshot.freeze-alphas"),
        s.bool("nas.fewshot.equal-alphas"),
        Selection.from(s));
  }

  private static List<Integer> splitEpochs(Settings s, String key) {
    List<Integer> epochs = s.intList(key);
    if (epochs.isEmpty()) {
      throw new ConfigException(key, "needs at least one split epoch");
    }
    for (int i = 0; i < epochs.size(); i++) {
      int previous = i == 0 ? 0 : epochs.get(i - 1);
      if (epochs.get(i) <= previous) {
        throw new ConfigException(key, "split epochs must be positive and strictly increasing, got " + epochs);
      }
    }
    return epochs;
  }

  /** Number of splits S; the search ends with 2^S sub-supernets. */
  public int splits() {
    return splitEpochs.size();
  }

  /** tS + warm-up. */
  public int totalEpochs() {
    return splitEpochs.get(splits() - 1) + warmupEpochs;
  }

  /** Epoch at which stage {@code stage} ends: split epoch {@code stage}, or the end of the warm-up after the last. */
  public int stageEnd(int stage) {
    return stage < splits() ? splitEpochs.get(stage) : totalEpochs();
  }

  /** First epoch (0-based) in which the architecture parameters are trained: the last split epoch when frozen. */
  public int alphasFrom() {
    return freezeAlphas ? splitEpochs.get(splits() - 1) : 0;
  }
}
