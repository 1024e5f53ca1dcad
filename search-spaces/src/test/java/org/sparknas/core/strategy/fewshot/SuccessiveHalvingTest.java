package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.retrain.ScratchState;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.spaces.TinySearch;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * Successive halving (specs/algorithms.md A.7, DARTS space) on the tiny nb201 search: the reference's
 * window score, from-scratch training that stops and goes on exactly as one run, and the rounds.
 */
class SuccessiveHalvingTest {
  private static final Nb201Space SPACE = TinySearch.space();
  /** Three epochs of three steps: round ends at 1 and 2 leave one epoch for the final round. */
  private static final TrainSettings RETRAIN = TinySearch.train().withSchedule(3, 3, 0.05, 0.001);
  private static final ScratchTraining TRAINING = new ScratchTraining(SPACE, TinySearch.data(4), RETRAIN);
  private static List<String> candidates;

  @BeforeAll
  static void candidates() {
    SplittableRandom rng = new SplittableRandom(11);
    List<String> distinct = new ArrayList<>();
    while (distinct.size() < 3) {
      String a = SPACE.sample(Encoding.full(SPACE), rng).canonical();
      if (!distinct.contains(a)) {
        distinct.add(a);
      }
    }
    candidates = distinct;
  }

  @Test
  @DisplayName("window score: m <- (0.1 m t + 0.9 v_t) / (t + 1) within the window, by hand")
  void windowScore() {
    double[] v = {0.5, 0.7, 0.9, 0.4};
    // t = 0: 0.9 * 0.7 = 0.63; t = 1: (0.1 * 0.63 * 1 + 0.9 * 0.9) / 2 = 0.4365
    assertEquals(0.4365, SuccessiveHalving.windowScore(v, 1, 3), 1e-12);
    assertEquals(0.45, SuccessiveHalving.windowScore(v, 0, 1), 1e-12);
  }

  @Test
  @DisplayName("training stopped after epochs 1 and 2 and continued is exactly one uninterrupted run")
  void continuationIsExact() {
    String arch = candidates.get(0);
    ScratchState once = TRAINING.continueTo(TRAINING.start(arch, 5L), 3, "once");
    ScratchState start = TRAINING.start(arch, 5L);
    ScratchState stopped = TRAINING.continueTo(TRAINING.continueTo(start, 1, "a"), 2, "b");
    ScratchState resumed = TRAINING.continueTo(stopped, 3, "c");
    assertEquals(2, stopped.epochsDone());
    assertArrayEquals(once.curve().valAccuracy(), resumed.curve().valAccuracy());
    assertArrayEquals(once.curve().trainLoss(), resumed.curve().trainLoss());
    ParameterSet a = once.parameters().weights();
    ParameterSet b = resumed.parameters().weights();
    assertEquals(a.names(), b.names());
    for (String n : a.names()) {
      assertArrayEquals(a.get(n).dup().data().asFloat(), b.get(n).dup().data().asFloat(), n);
    }
    assertArrayEquals(once.curve().valAccuracy(), TRAINING.train(arch, 5L, "train").valAccuracy());
    assertEquals(0, start.epochsDone(), "continuing leaves the state it started from as it was");
  }

  @Test
  @DisplayName("rounds at epochs 1 and 2 keep the better half by window score; the best final accuracy wins")
  void rounds() {
    SuccessiveHalving.Outcome o = SuccessiveHalving.run(new LocalRunner(), "test/halving", TRAINING, candidates,
        List.of(1, 2), 9L);
    assertEquals(2, o.rounds().size());
    List<String> kept1 = kept(o.rounds().get(0));
    List<String> kept2 = kept(o.rounds().get(1));
    assertEquals(2, kept1.size());
    assertEquals(1, kept2.size());
    // round 1: the two best epoch-1 scores; the one left out stopped after epoch 1
    List<Integer> byScore = new ArrayList<>(List.of(0, 1, 2));
    byScore.sort(Comparator.comparingDouble(i -> -SuccessiveHalving.windowScore(curve(o, i), 0, 1)));
    assertEquals(List.of(candidates.get(Math.min(byScore.get(0), byScore.get(1))),
        candidates.get(Math.max(byScore.get(0), byScore.get(1)))), kept1);
    assertEquals(1, o.states().get(byScore.get(2)).epochsDone());
    // round 2: the better of the two over epoch 2 alone; it trains to the end and wins
    int winner = candidates.indexOf(kept2.get(0));
    int loser = candidates.indexOf(kept1.get(0)) == winner ? candidates.indexOf(kept1.get(1))
        : candidates.indexOf(kept1.get(0));
    assertTrue(SuccessiveHalving.windowScore(curve(o, winner), 1, 2)
        >= SuccessiveHalving.windowScore(curve(o, loser), 1, 2));
    assertEquals(2, o.states().get(loser).epochsDone());
    assertEquals(3, o.states().get(winner).epochsDone());
    assertEquals(winner, o.winner());
  }

  @Test
  @DisplayName("fewshot-gm with selection = successive-halving answers the halving winner among its candidates")
  void fewShotSelection() {
    Selection halving = new Selection(Selection.SUCCESSIVE_HALVING, List.of(1), RETRAIN.withSchedule(2, 3, 0.05, 0.001));
    FewShotSettings settings = new FewShotSettings("darts", "random", List.of(1), Restart.NONE, 1, false, true, false,
        halving);
    FewShotSearch search = new FewShotSearch(settings,
        new DartsBase(new DartsSettings(1, 3e-4, 0.5, 0.999, 1e-3), TinySearch.train()), new RandomEdgeSplitter());
    SearchResult r = TinySearch.run(search, 3).result();
    List<?> rounds = (List<?>) r.details().get("halving");
    assertEquals(1, rounds.size());
    @SuppressWarnings("unchecked")
    List<String> kept = (List<String>) ((Map<String, Object>) rounds.get(0)).get("kept");
    assertEquals(List.of(r.architecture()), kept);
    Candidate answer = r.candidates().stream().filter(c -> c.architecture().equals(r.architecture())).findFirst()
        .orElseThrow();
    assertEquals(answer.score(), r.supernet().accuracy(), "supernet is the answer's score under supernet weights");
    @SuppressWarnings("unchecked")
    Map<String, Object> scratch = (Map<String, Object>) r.details().get("scratch_score");
    double[] curve = ((List<?>) r.details().get("scratch")).stream().map(m -> (Map<?, ?>) m)
        .filter(m -> m.get("architecture").equals(r.architecture())).map(m -> (double[]) m.get("val_accuracy"))
        .findFirst().orElseThrow();
    assertEquals(curve[curve.length - 1], scratch.get("val_accuracy"), "the from-scratch score has its own key");
    assertEquals(2, scratch.get("epochs"));
    assertEquals("successive-halving", r.details().get("selection"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> kept(Map<String, Object> round) {
    return (List<String>) round.get("kept");
  }

  private static double[] curve(SuccessiveHalving.Outcome o, int i) {
    return o.states().get(i).curve().valAccuracy();
  }
}
