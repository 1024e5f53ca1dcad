package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The progress line: phase, epoch and step counted from the resumed epoch, ETA from the pace so far, memory. */
class ProgressTest {

  @Test
  void lineCountsFromTheFirstEpochAndEndsInMemory() {
    Progress p = new Progress("darts", 2, 4, 10, 30);
    // the second epoch counted (epoch index 1 of 4), its 5th step: 15 of 40 steps done
    String line = p.line(1, 4, 0.5, 0.75, System.nanoTime());
    assertTrue(line.startsWith("darts | epoch 2/4 | step 5/10 | loss 0.5000 | acc 0.7500 | elapsed "), line);
    assertTrue(line.matches(".*\\| ETA \\d+m\\d{2}s \\| resident \\d+\\.\\d GB \\(java heap \\d+\\.\\d GB\\)$"), line);
  }

  @Test
  void durationsInMinutesThenHours() {
    assertEquals("3m07s", Progress.format(Duration.ofSeconds(187)));
    assertEquals("1h05m", Progress.format(Duration.ofSeconds(3900)));
  }
}
