package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.train.MetricsSink;

class RunLogTest {
  @TempDir Path out;

  @Test
  @DisplayName("epoch rows to metrics.jsonl, events to events.jsonl with their kind; every line starts with the run keys")
  void splitsRowsByKind() throws Exception {
    RunDirectory dir = RunDirectory.create(out.toString(), "r1");
    RunLog log = new RunLog(dir, new RunKeys("r1", "rsps", "nb201", 7));
    Map<String, Object> epoch = new LinkedHashMap<>();
    epoch.put("phase", "rsps");
    epoch.put("epoch", 1);
    epoch.put("seed", 99); // a row's own column of a key's name loses to the key
    log.record(epoch);
    log.event("candidates", Map.of("candidates", 4));
    log.record(Map.of("epoch", 2));
    dir.commit();

    assertEquals(List.of(
        "{\"run_id\":\"r1\",\"method\":\"rsps\",\"space\":\"nb201\",\"seed\":7,\"phase\":\"rsps\",\"epoch\":1}",
        "{\"run_id\":\"r1\",\"method\":\"rsps\",\"space\":\"nb201\",\"seed\":7,\"epoch\":2}"),
        Files.readAllLines(out.resolve("r1/metrics.jsonl")));
    assertEquals(List.of(
        "{\"run_id\":\"r1\",\"method\":\"rsps\",\"space\":\"nb201\",\"seed\":7,\"kind\":\"candidates\",\"candidates\":4}"),
        Files.readAllLines(out.resolve("r1/events.jsonl")));
    List<Map<String, Object>> back = RunLog.rows(Files.readString(out.resolve("r1/metrics.jsonl")));
    assertEquals(2, back.size());
    assertEquals(new RunKeys("r1", "rsps", "nb201", 7), RunKeys.of(back.get(1)));
  }

  @Test
  @DisplayName("a sink that only records sees events in order, marked with their kind")
  void defaultEvent() {
    List<Map<String, Object>> rows = new ArrayList<>();
    MetricsSink sink = rows::add;
    sink.record(Map.of("epoch", 1));
    sink.event("split", Map.of("edge", 3));
    assertEquals(List.of(Map.of("epoch", 1), Map.of("kind", "split", "edge", 3)), rows);
  }
}
