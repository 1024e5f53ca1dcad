package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.eval.Direction;
import org.sparknas.core.retrain.ScratchState;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.Seeds;

/**
 * Successive halving over from-scratch training (specs/algorithms.md A.7, DARTS space): every candidate
 * starts training from scratch on one schedule; at each round end the candidates still in are ranked
 * by the reference's smoothed validation accuracy over that round's epochs and the better half (rounded
 * up, the earlier candidate on a tie) goes on; the last survivors train to the end of the schedule and
 * the best final validation accuracy wins (the earlier on a tie). Each round is one runner batch with
 * one task per candidate still in, which continues that candidate's training exactly where it stopped.
 * <pre>{@code
 * SuccessiveHalving.Outcome o = SuccessiveHalving.run(runner, "fewshot-gm/halving", training, archs, List.of(30, 100), seed);
 * String best = o.states().get(o.winner()).architecture();
 * }</pre>
 */
public final class SuccessiveHalving {
  private SuccessiveHalving() {}

  /** One round's shared state: the trainer, the epoch the round trains to, and its name. */
  public record Round(ScratchTraining training, int untilEpoch, String phase) implements Serializable {
    static ScratchState advance(Round r, ScratchState s) {
      return r.training().continueTo(s, r.untilEpoch(), r.phase());
    }
  }

  /**
   * The winner's index, every candidate's last state (trained as far as it got), and per halving
   * round its epochs, each contender's score and who went on.
   */
  record Outcome(int winner, List<ScratchState> states, List<Map<String, Object>> rounds) {}

  static Outcome run(ParallelRunner runner, String phase, ScratchTraining training, List<String> candidates,
      List<Integer> roundEnds, long seed) {
    List<ScratchState> states = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      states.add(training.start(candidates.get(i), Seeds.seed(seed, "fewshot/halving", i)));
    }
    List<Integer> in = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      in.add(i);
    }
    List<Map<String, Object>> rounds = new ArrayList<>();
    List<Integer> ends = new ArrayList<>(roundEnds);
    ends.add(training.settings().epochs());
    int from = 0;
    for (int r = 0; r < ends.size(); r++) {
      int until = ends.get(r);
      String description = phase + "/round-" + (r + 1);
      runner.phase(description);
      List<ScratchState> mine = new ArrayList<>(in.stream().map(states::get).toList());
      List<ScratchState> trained = runner.map(description, new Round(training, until, description), mine,
          Round::advance);
      for (int k = 0; k < in.size(); k++) {
        states.set(in.get(k), trained.get(k));
      }
      if (r == roundEnds.size()) {
        break;
      }
      Map<String, Double> scores = new LinkedHashMap<>();
      double[] score = new double[candidates.size()];
      for (int i : in) {
        score[i] = windowScore(states.get(i).curve().valAccuracy(), from, until);
        scores.put(candidates.get(i), score[i]);
      }
      List<Integer> contenders = in;
      in = new ArrayList<>(Direction.HIGHER.ranked(contenders, i -> score[i]).subList(0, (in.size() + 1) / 2)
          .stream().map(contenders::get).toList());
      in.sort(null);
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("round", r + 1);
      round.put("epochs", List.of(from, until));
      round.put("scores", scores);
      round.put("kept", in.stream().map(candidates::get).toList());
      rounds.add(round);
      from = until;
    }
    int winner = in.get(Direction.HIGHER.best(in, i -> states.get(i).curve().finalAccuracy()));
    return new Outcome(winner, states, rounds);
  }

  /**
   * The reference's smoothed score of validation accuracies {@code v[from..to)}: starting from
   * {@code m = 0}, {@code m <- (0.1 m t + 0.9 v_t) / (t + 1)} for {@code t = 0, 1, ...} counted within
   * the window. Unusual (it is not a moving average), but it is what the published selection ran.
   */
  static double windowScore(double[] v, int from, int to) {
    double m = 0;
    for (int t = 0; t < to - from; t++) {
      m = (m * t * 0.1 + 0.9 * v[from + t]) / (t + 1);
    }
    return m;
  }
}
