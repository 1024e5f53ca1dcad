package org.sparknas.core.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.strategy.bossnas.BossnasSearch;
import org.sparknas.core.strategy.bossnas.BossnasSearchFixture;
import org.sparknas.core.strategy.bossnas.BossnasSettings;
import org.sparknas.spaces.hytra.HytraSettings;
import org.sparknas.spaces.hytra.HytraSpace;

/**
 * The BossNAS arm of the ranking study on the tiny NATS-size space of the BossNAS tests: beside the
 * one-shot arm, every architecture gets minus the score its block paths have in the tables of a BossNAS
 * search; a space whose candidate sets depend on earlier blocks is refused.
 */
class BossnasArmTest {

  private static SearchContext context(org.sparknas.core.space.SearchSpace space) {
    return new SearchContext(space, BossnasSearchFixture.data(), BossnasSearchFixture.train(1), 5, new LocalRunner(),
        MetricsSink.NONE, Checkpoints.NONE);
  }

  @Test
  @DisplayName("scores are minus the architecture scores of a BossNAS search's block tables, beside the one-shot arm")
  void scoresFromBlockTables() {
    BossnasSettings s = BossnasSearchFixture.settings(Map.of());
    TrainSettings retrain = BossnasSearchFixture.train(1);
    RankStudy study = new RankStudy(new RankSettings(5, false, retrain, List.of(new OneShotArm(false), new BossnasArm(s))));
    RankResult r = study.run(context(BossnasSearchFixture.space()));
    assertEquals(2, r.arms().size());
    ArmResult arm = r.arms().get(1);
    assertEquals(BossnasArm.NAME, arm.name());
    assertEquals(1, arm.members());
    SearchResult search = new BossnasSearch(s).search(context(BossnasSearchFixture.space()));
    double[] truth = r.curves().stream().mapToDouble(c -> c.finalAccuracy()).toArray();
    assertEquals(5, truth.length);
    for (int i = 0; i < arm.scores().length; i++) {
      double score = arm.scores()[i];
      assertTrue(score <= 0 && score >= -24, "minus a sum of three path losses + 4: " + score);
    }
    // the same search, run again, gives the very tables the arm scored with
    List<String> archs = r.curves().stream().map(c -> c.architecture()).toList();
    for (int i = 0; i < archs.size(); i++) {
      assertEquals(-BossnasSearch.architectureScore(search,
          BossnasSearchFixture.space().parse(archs.get(i)).blockPaths()), arm.scores()[i], 0.0, archs.get(i));
    }
  }

  @Test
  @DisplayName("HyTra is refused naming nas.rank.arms")
  void refusesHytra() {
    HytraSpace hytra = new HytraSpace(new HytraSettings(8, 1, 1.0 / 32, 4, 2), new long[] {1, 8, 8}, 4);
    ConfigException e = assertThrows(ConfigException.class,
        () -> new BossnasArm(BossnasSearchFixture.settings(Map.of())).weightSteps(context(hytra)));
    assertTrue(e.getMessage().contains("nas.rank.arms"), e.getMessage());
  }
}
