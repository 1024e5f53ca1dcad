package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CompareSummaryTest {

  private static Map<String, Object> row(String method, long seed, Double gap) {
    Map<String, Object> r = new HashMap<>();
    r.put("method", method);
    r.put("seed", seed);
    r.put("gap", gap);
    r.put("sharpness", 1.0);
    return r;
  }

  @Test
  void pairsBySeedAndSkipsSeedsMissingOnEitherSide() {
    List<Map<String, Object>> rows = new ArrayList<>(List.of(row("sddarts", 3, 0.5), row("darts", 1, 0.2),
        row("darts", 2, 0.4), row("darts", 3, 0.3), row("sddarts", 1, 0.1), row("sddarts", 2, 0.2),
        row("darts", 4, 0.9), row("sddarts", 5, null)));
    CompareSummary s = CompareSummary.of(rows, List.of("darts", "sddarts"));
    // darts over seeds 1-4, sddarts over 1-3 (seed 5 has no gap)
    assertEquals(0.45, s.meanAndSd().get("gap").get("darts").mean(), 1e-12);
    assertEquals(4, s.meanAndSd().get("gap").get("darts").runs());
    assertEquals(0.8 / 3, s.meanAndSd().get("gap").get("sddarts").mean(), 1e-12);
    // pairs: seed 1 (0.2, 0.1), 2 (0.4, 0.2), 3 (0.3, 0.5): differences -0.1, -0.2, +0.2
    assertEquals(3, s.againstFirst().get("gap").get("sddarts").pairs());
    assertEquals(-0.1 / 3, s.againstFirst().get("gap").get("sddarts").meanDifference(), 1e-12);
    // a constant measurement: no spread, no test
    assertEquals(0.0, s.againstFirst().get("sharpness").get("sddarts").meanDifference(), 0);
    assertTrue(Double.isNaN(s.againstFirst().get("sharpness").get("sddarts").tTestP()));
    Map<String, Object> gap = (Map<String, Object>) s.toJson().get("gap");
    assertEquals(3, ((Map<String, Object>) gap.get("sddarts - darts")).get("pairs"));
    assertTrue(s.text().lines().anyMatch(l -> l.startsWith("gap") && l.contains("-0.0333")), s.text());
  }
}
