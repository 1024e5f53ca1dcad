package org.sparknas.core.rank;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.bossnas.BossnasSettings;
import org.sparknas.core.strategy.fewshot.EdgeSplitters;
import org.sparknas.core.strategy.fewshot.FewShotSettings;
import org.sparknas.core.strategy.rsps.RspsSettings;

/** The arms of {@code nas.rank.arms} by name; creating them checks the list. */
public final class RankArms {
  public static final List<String> NAMES = List.of(OneShotArm.NAME, FewShotOpArm.NAME, FewShotArm.NAME, BossnasArm.NAME);
  private static final String KEY = "nas.rank.arms";

  private RankArms() {}

  /** The listed arms, in order (at least one); unknown or repeated arms are a {@link ConfigException}. */
  public static List<RankingArm> create(Settings s) {
    List<String> names = s.stringList(KEY);
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw new ConfigException(KEY, "lists an arm twice: " + names);
    }
    RspsSettings rsps = RspsSettings.from(s);
    boolean requireConnected = rsps.requireConnected();
    int splitEdge = s.intIn(FewShotOpArm.EDGE_KEY, 0, 1_000);
    List<RankingArm> arms = new ArrayList<>();
    for (String name : names) {
      arms.add(switch (name) {
        case OneShotArm.NAME -> new OneShotArm(requireConnected);
        case FewShotOpArm.NAME -> new FewShotOpArm(requireConnected, splitEdge);
        case FewShotArm.NAME -> {
          FewShotSettings fewShot = FewShotSettings.from(s);
          yield new FewShotArm(fewShot, rsps, EdgeSplitters.create(fewShot.splitter(), s));
        }
        case BossnasArm.NAME -> new BossnasArm(BossnasSettings.from(s));
        default -> throw new ConfigException(KEY, "unknown arm '" + name + "', expected one of " + NAMES);
      });
    }
    return arms;
  }
}
