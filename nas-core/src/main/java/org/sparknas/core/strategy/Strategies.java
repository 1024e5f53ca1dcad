package org.sparknas.core.strategy;

import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.bossnas.BossnasSearch;
import org.sparknas.core.strategy.bossnas.BossnasSettings;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.strategy.fewshot.FewShotSearch;
import org.sparknas.core.strategy.fewshot.FewShotSettings;
import org.sparknas.core.strategy.fewshot.GradientMatchingSettings;
import org.sparknas.core.strategy.rsps.RspsSearch;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.core.strategy.sddarts.SddartsSearch;
import org.sparknas.core.strategy.sddarts.SddartsSettings;
import org.sparknas.core.strategy.snas.SnasSearch;
import org.sparknas.core.strategy.snas.SnasSettings;
import org.sparknas.core.train.AnalysisSettings;

/** The methods by config name; creating one reads and checks its settings block. */
public final class Strategies {
  public static final List<String> NAMES = List.of(DartsSearch.NAME, RspsSearch.NAME, SnasSearch.NAME,
      SddartsSearch.NAME, FewShotSearch.NAME, BossnasSearch.NAME);

  /** Methods whose steps run on the driver only (no data-parallel shards yet). */
  private static final List<String> DRIVER_ONLY = List.of(SnasSearch.NAME, SddartsSearch.NAME);

  private Strategies() {}

  /**
   * The {@link org.sparknas.core.config.MethodCheck} of job configs: {@code nas.method} names a method,
   * and every method's block is valid.
   * <pre>{@code
   * NasConfig job = NasConfig.from(resolved, Strategies::check);
   * }</pre>
   */
  public static void check(Settings s) {
    create(s.oneOf("nas.method", NAMES), s);
  }

  /**
   * The method's strategy. Every method's block is checked, not only the chosen one's, so a bad value
   * in a block the run ignores today is still reported before it is relied on.
   */
  public static SearchStrategy create(String method, Settings s) {
    DartsSettings darts = DartsSettings.from(s);
    RspsSettings rsps = RspsSettings.from(s);
    SnasSettings snas = SnasSettings.from(s);
    SddartsSettings sddarts = SddartsSettings.from(s);
    AnalysisSettings analysis = AnalysisSettings.from(s);
    GradientMatchingSettings.from(s);
    FewShotSettings fewShot = FewShotSettings.from(s);
    BossnasSettings bossnas = BossnasSettings.from(s);
    if (DRIVER_ONLY.contains(method)) {
      int shards = s.intIn("nas.train.shards", 1, 4096);
      if (shards != 1) {
        throw new ConfigException("nas.train.shards", method + " runs its steps on the driver without "
            + "data-parallel shards; set 1, got " + shards);
      }
    }
    return switch (method) {
      case DartsSearch.NAME -> new DartsSearch(darts, analysis);
      case RspsSearch.NAME -> new RspsSearch(rsps);
      case SnasSearch.NAME -> new SnasSearch(snas);
      case SddartsSearch.NAME -> new SddartsSearch(sddarts, analysis);
      case FewShotSearch.NAME -> FewShotSearch.from(s, fewShot, darts, rsps, snas);
      case BossnasSearch.NAME -> new BossnasSearch(bossnas);
      default -> throw new ConfigException("nas.method", "unknown method '" + method + "', expected one of " + NAMES);
    };
  }
}
