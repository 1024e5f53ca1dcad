package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.rsps.RspsSearch;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.spaces.nb201.Nb201Space;

/** RSPS (specs/algorithms.md A.6, A.7) end to end on a tiny synthetic search. */
class RspsSearchTest {
  private static final int CANDIDATES = 6;
  private static TinySearch.Run first;

  private static TinySearch.Run rsps(long seed) {
    return TinySearch.run(new RspsSearch(new RspsSettings(CANDIDATES, true)), seed);
  }

  @BeforeAll
  static void search() {
    first = rsps(5);
  }

  @Test
  @DisplayName("finishes with N distinct candidates, each a valid architecture scored on the validation half")
  void candidates() {
    SearchResult r = first.result();
    Nb201Space space = TinySearch.space();
    assertEquals(CANDIDATES, r.candidates().size());
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < CANDIDATES; i++) {
      Candidate c = r.candidates().get(i);
      assertEquals(c.architecture(), space.parse(c.architecture()).canonical());
      assertEquals("sample " + i, c.source());
      assertTrue(c.score() >= 0 && c.score() <= 1, c.toString());
      double correct = c.score() * TinySearch.VALID_IMAGES;
      assertEquals(Math.rint(correct), correct, 1e-9, "an accuracy over the 96 validation images: " + c);
      distinct.add(c.architecture());
    }
    assertEquals(CANDIDATES, distinct.size(), "candidates are distinct: " + r.candidates());
    assertEquals(CANDIDATES, r.details().get("candidates_scored"));
  }

  @Test
  @DisplayName("the chosen architecture is the best-scoring candidate (the first one on a tie)")
  void choosesBest() {
    SearchResult r = first.result();
    Candidate best = r.candidates().get(0);
    for (Candidate c : r.candidates()) {
      if (c.score() > best.score()) {
        best = c;
      }
    }
    assertEquals(best.architecture(), r.architecture());
    assertEquals(best.score(), r.supernet().accuracy());
    assertEquals(TinySearch.VALID_IMAGES, r.supernet().examples());
  }

  @Test
  @DisplayName("records one metrics row per epoch, then a candidates event")
  void metrics() {
    List<Map<String, Object>> rows = first.metrics();
    assertEquals(TinySearch.EPOCHS + 1, rows.size(), rows.toString());
    for (int e = 0; e < TinySearch.EPOCHS; e++) {
      assertEquals("rsps", rows.get(e).get("phase"));
      assertEquals(e + 1, rows.get(e).get("epoch"));
      double loss = (double) rows.get(e).get("train_loss");
      assertTrue(Double.isFinite(loss) && loss > 0, rows.get(e).toString());
    }
    Map<String, Object> last = rows.get(TinySearch.EPOCHS);
    assertEquals("candidates", last.get("kind"), "an event row, not an epoch");
    assertEquals("rsps/candidates", last.get("phase"));
    assertEquals(first.result().architecture(), last.get("architecture"));
  }

  @Test
  @DisplayName("same seed, same candidates and scores; another seed, other candidates")
  void deterministic() {
    TinySearch.Run again = rsps(5);
    assertEquals(first.result().candidates(), again.result().candidates());
    assertEquals(first.result().architecture(), again.result().architecture());
    assertEquals(first.metrics(), again.metrics());
    TinySearch.Run other = rsps(6);
    assertNotEquals(first.result().candidates().stream().map(Candidate::architecture).toList(),
        other.result().candidates().stream().map(Candidate::architecture).toList());
  }
}
