package org.sparknas.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one rule for a best candidate: higher or lower is better, and a tie goes to the earlier. */
class DirectionTest {
  private static final List<Double> SCORES = List.of(0.3, 0.7, 0.1, 0.7, 0.1);

  @Test
  @DisplayName("best: the highest or the lowest, the earliest of equals")
  void best() {
    assertEquals(1, Direction.HIGHER.best(SCORES, Double::doubleValue));
    assertEquals(2, Direction.LOWER.best(SCORES, Double::doubleValue));
    assertEquals(0, Direction.LOWER.best(List.of(5.0), Double::doubleValue));
    assertThrows(IllegalArgumentException.class, () -> Direction.HIGHER.best(List.<Double>of(), Double::doubleValue));
  }

  @Test
  @DisplayName("ranked: best to worst, equals in their order")
  void ranked() {
    assertEquals(List.of(1, 3, 0, 2, 4), Direction.HIGHER.ranked(SCORES, Double::doubleValue));
    assertEquals(List.of(2, 4, 0, 1, 3), Direction.LOWER.ranked(SCORES, Double::doubleValue));
  }

  @Test
  @DisplayName("better is strict")
  void better() {
    assertEquals(true, Direction.HIGHER.better(2, 1));
    assertEquals(false, Direction.HIGHER.better(1, 1));
    assertEquals(true, Direction.LOWER.better(1, 2));
    assertEquals(false, Direction.LOWER.better(2, 2));
  }
}
