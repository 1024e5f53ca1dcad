package org.sparknas.core.rank;

import java.util.List;

import org.sparknas.core.config.Settings;
import org.sparknas.core.retrain.RetrainSettings;
import org.sparknas.core.train.TrainSettings;

/**
 * The {@code nas.rank} block with what it relies on: how many architectures, whether only connected
 * ones, how each is trained from scratch ({@code nas.retrain}) and the supernet arms. The arms train
 * with {@code nas.train}.
 */
public record RankSettings(int architectures, boolean connectedOnly, TrainSettings retrain, List<RankingArm> arms) {

  public static RankSettings from(Settings s) {
    return new RankSettings(s.intIn("nas.rank.architectures", 2, 100_000), s.bool("nas.rank.connected-only"),
        RetrainSettings.from(s), RankArms.create(s));
  }
}
