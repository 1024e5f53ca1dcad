package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.eval.Score;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchResult;

/**
 * The warnings of a finished search, on planted results: with 4 classes chance is 0.25 and the
 * uniform-guess loss ln 4 = 1.386, so a loss above 13.86 explodes.
 */
@DisplayName("run warnings: below chance, exploding loss")
class RunWarningsTest {

  private static SearchResult answer(double loss, double accuracy) {
    Score s = new Score(loss, accuracy, 128);
    return new SearchResult("a", s, List.of(new Candidate("a", accuracy, "supernet")), Map.of());
  }

  private static Map<String, Object> row(int epoch, double trainLoss, double valLoss) {
    return Map.of("phase", "darts", "epoch", epoch, "train_loss", trainLoss, "val_loss", valLoss);
  }

  @Test
  @DisplayName("a healthy run has none")
  void healthy() {
    assertEquals(List.of(), RunWarnings.of(answer(0.9, 0.71), List.of(row(1, 1.3, 1.2), row(2, 1.0, 0.9)), 4));
  }

  @Test
  @DisplayName("the reported run: validation loss 17 -> 658 -> 48, accuracy 0.031 with 4 classes: both warnings")
  void divergedRun() {
    List<String> w = RunWarnings.of(answer(48, 0.031), List.of(row(1, 9.0, 17), row(2, 40.0, 658), row(3, 30.0, 48)), 4);
    assertEquals(2, w.size(), w.toString());
    assertTrue(w.get(0).startsWith("below chance: the answer's validation accuracy 0.0310 is under 1/4 = 0.2500"),
        w.get(0));
    assertTrue(w.get(1).startsWith("exploding loss: darts epoch 2 val_loss reached 658"), w.get(1));
  }

  @Test
  @DisplayName("the limits are exact: accuracy at chance and a loss of 10 ln(classes) do not warn; just past them do")
  void limits() {
    double limit = 10 * Math.log(4);
    assertEquals(List.of(), RunWarnings.of(answer(limit, 0.25), List.of(row(1, limit, limit)), 4));
    assertEquals(1, RunWarnings.of(answer(1.0, 0.2499), List.of(), 4).size());
    assertEquals(1, RunWarnings.of(answer(1.0, 0.5), List.of(row(1, Math.nextUp(limit), 1.0)), 4).size());
  }
}
