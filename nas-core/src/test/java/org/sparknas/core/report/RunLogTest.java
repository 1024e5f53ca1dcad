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
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.MetricsSink;

class RunLogTest {
  @TempDir Path out;

  @Test
  @DisplayName("epoch rows to metrics.jsonl, events to events.jsonl with their kind; every line starts with the run keys")
  void splitsRowsByKind() throws Exception {
    RunDirectory dir = RunDirectory.create(out.toString(), "r1");
    RunLog log = new RunLog(dir, new RunKeys("r1", "rsps", "nb201", 7));
    log.record(EpochRow.head("rsps", 0, 0.5, 1.25, 0.25).withElapsedSeconds(3.0));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("candidates", 4);
    event.put("seed", 99); // a row's own column of a key's name loses to the key
    log.event("candidates", event);
    log.record(EpochRow.head("rsps", 1, 0.25, 1.0, 0.5).withElapsedSeconds(6.0));
    dir.commit();

    String keys = "{\"run_id\":\"r1\",\"method\":\"rsps\",\"space\":\"nb201\",\"seed\":7,";
    assertEquals(List.of(
        keys + "\"phase\":\"rsps\",\"epoch\":1,\"lr\":0.5,\"train_loss\":1.25,\"train_accuracy\":0.25,\"elapsed_seconds\":3.0}",
        keys + "\"phase\":\"rsps\",\"epoch\":2,\"lr\":0.25,\"train_loss\":1.0,\"train_accuracy\":0.5,\"elapsed_seconds\":6.0}"),
        Files.readAllLines(out.resolve("r1/metrics.jsonl")));
    assertEquals(List.of(keys + "\"kind\":\"candidates\",\"candidates\":4}"),
        Files.readAllLines(out.resolve("r1/events.jsonl")));
    List<Map<String, Object>> back = RunLog.rows(Files.readString(out.resolve("r1/metrics.jsonl")));
    assertEquals(2, back.size());
    assertEquals(new RunKeys("r1", "rsps", "nb201", 7), RunKeys.of(back.get(1)));
  }

  @Test
  @DisplayName("a sink of one list sees epoch rows as their columns and events in order, marked with their kind")
  void oneList() {
    List<Map<String, Object>> rows = new ArrayList<>();
    MetricsSink sink = MetricsSink.of(rows::add);
    EpochRow epoch = EpochRow.head("darts", 0, 0.1, 2.0, 0.5);
    sink.record(epoch);
    sink.event("split", Map.of("edge", 3));
    assertEquals(List.of(epoch.columns(), Map.of("kind", "split", "edge", 3)), rows);
    assertEquals("kind", rows.get(1).keySet().iterator().next());
  }
}
