package org.sparknas.core.strategy.bossnas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.spaces.natssize.NatsSizeSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * BossNAS end to end on the tiny NATS-size search of {@link BossnasSearchFixture}: what it returns, that
 * the path-parallel task layout and serialisation change no number, and that a resumed search equals an
 * uninterrupted one.
 */
class BossnasSearchTest {
  private static final long SEED = BossnasSearchFixture.SEED;
  private static final NatsSizeSpace SPACE = BossnasSearchFixture.space();

  /** Thrown by the metrics sink to stop a search after a given epoch's checkpoint. */
  private static final class Crash extends RuntimeException {}

  private record Run(SearchResult result, List<Map<String, Object>> metrics) {}

  static BossnasSettings settings(Map<String, String> overrides) {
    return BossnasSearchFixture.settings(overrides);
  }

  private static Run run(SearchSpace space, BossnasSettings s, int shards, ParallelRunner runner, Checkpoints store,
      int crashAtEpoch) {
    List<Map<String, Object>> rows = new ArrayList<>();
    SearchContext ctx = new SearchContext(space, BossnasSearchFixture.data(), BossnasSearchFixture.train(shards), SEED, runner, MetricsSink.of(row -> {
      if (Integer.valueOf(crashAtEpoch).equals(row.get("epoch"))) {
        throw new Crash();
      }
      Map<String, Object> copy = new LinkedHashMap<>(row);
      copy.remove("elapsed_seconds");
      rows.add(copy);
    }), store);
    return new Run(new BossnasSearch(s).search(ctx), rows);
  }

  private static Run run(BossnasSettings s, int shards, ParallelRunner runner) {
    return run(SPACE, s, shards, runner, Checkpoints.NONE, -1);
  }

  @Test
  @DisplayName("a search rates every candidate of every block and returns the best paths, lowest score first")
  void searchesBlockByBlock() {
    Run r = run(settings(Map.of()), 1, new LocalRunner());
    SearchResult result = r.result();
    List<BlockPath> paths = SPACE.parse(result.architecture()).blockPaths();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> blocks = (List<Map<String, Object>>) result.details().get("blocks");
    assertEquals(3, blocks.size());
    int[] candidates = {4, 4, 2};
    double expectedScore = 0;
    for (int b = 0; b < 3; b++) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> ranked = (List<Map<String, Object>>) blocks.get(b).get("ranked");
      assertEquals(candidates[b], ranked.size(), "block " + b + " rates all its candidates");
      assertEquals(paths.get(b).toString(), ranked.get(0).get("path"), "block " + b + " keeps its best path");
      for (int i = 1; i < ranked.size(); i++) {
        assertTrue((double) ranked.get(i - 1).get("score") <= (double) ranked.get(i).get("score"), "ascending scores");
      }
      double best = (double) ranked.get(0).get("score");
      assertTrue(best >= -4 && best <= 4, "a path loss is in [-4, 4]: " + best);
      expectedScore += best + 4;
    }
    assertEquals(expectedScore, (double) result.details().get("architecture_score"), 1e-12);
    List<Map<String, Object>> epochs = r.metrics().stream().filter(m -> m.containsKey("train_loss")).toList();
    assertEquals(6, epochs.size(), "3 blocks of 2 epochs");
    for (Map<String, Object> m : epochs) {
      double loss = (double) m.get("train_loss");
      assertTrue(loss >= -4 && loss <= 4 && Double.isFinite(loss), "loss " + loss);
      assertTrue((double) m.get("ema_momentum") >= 0.99 && (double) m.get("ema_momentum") <= 1);
    }
  }

  @Test
  @DisplayName("paths run as 2 serialised tasks per step give exactly the numbers of one thread")
  void pathTasksChangeNothing() {
    Run one = run(settings(Map.of()), 1, new LocalRunner());
    Run two = run(settings(Map.of("nas.bossnas.rating.paths-per-task", "1")), 2, new SerializingRunner());
    assertEquals(one.result().architecture(), two.result().architecture());
    assertEquals(one.result().details(), two.result().details());
    assertEquals(one.metrics(), two.metrics());
  }

  @Test
  @DisplayName("a search resumed from its epoch checkpoint ends exactly as an uninterrupted one")
  void resumes() {
    Run whole = run(settings(Map.of()), 1, new LocalRunner());
    Checkpoints store = Checkpoints.inMemory();
    assertThrows(Crash.class, () -> run(SPACE, settings(Map.of()), 1, new LocalRunner(), store, 3));
    Run resumed = run(SPACE, settings(Map.of()), 1, new LocalRunner(), store, -1);
    assertEquals(whole.result().details(), resumed.result().details());
    assertEquals(whole.metrics().subList(whole.metrics().size() - resumed.metrics().size(), whole.metrics().size()),
        resumed.metrics());
  }

  @Test
  @DisplayName("frozen earlier blocks change the search; a cell space is refused naming the key")
  void freezeAndRefusal() {
    Run frozen = run(settings(Map.of("nas.bossnas.freeze-previous-blocks", "true")), 1, new LocalRunner());
    Run free = run(settings(Map.of()), 1, new LocalRunner());
    assertEquals(free.metrics().get(0), frozen.metrics().get(0), "block 0 trains alike");
    assertTrue(!free.metrics().equals(frozen.metrics()), "later blocks differ");
    ConfigException e = assertThrows(ConfigException.class,
        () -> run(new Nb201Space(4, 1, 1, new long[] {1, 8, 8}, 4), settings(Map.of()), 1, new LocalRunner(),
            Checkpoints.NONE, -1));
    assertTrue(e.getMessage().contains("nas.space.name"), e.getMessage());
  }
}
