package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("divergence: a NaN or infinite loss stops the search where it shows")
class DivergenceTest {

  @Test
  @DisplayName("a progress step with an infinite running loss throws, naming phase, epoch and step")
  void progressStep() {
    Progress p = new Progress("rsps", 4, 10, 1e9);
    p.step(0, 0, 2.3, 0.1);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> p.step(2, 6, Double.POSITIVE_INFINITY, 0.1));
    assertTrue(e.getMessage().startsWith("training diverged: loss Infinity at rsps epoch 3/4 step 7/10"), e.getMessage());
  }

  private static EpochRow.Validation validation(double loss) {
    return new EpochRow.Validation(loss, 0.5, "|none~0|", Map.of());
  }

  @Test
  @DisplayName("a metrics row with a NaN loss column is refused before the sink keeps it; finite rows pass")
  void guardedSink() {
    List<Map<String, Object>> kept = new ArrayList<>();
    MetricsSink sink = Divergence.guard(MetricsSink.of(kept::add));
    sink.record(EpochRow.head("darts", 0, 0.1, 1.2, 0.5).withValidation(validation(1.3)));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> sink.record(EpochRow.head("darts", 1, 0.1, 1.1, 0.5).withValidation(validation(Double.NaN))));
    assertTrue(e.getMessage().contains("loss NaN at darts epoch 2 val_loss"), e.getMessage());
    assertEquals(1, kept.size(), "the NaN row is not kept");
  }
}
