package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.report.DirectoryCheckpoints;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunKeys;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.MetricsSink;

/**
 * A kill after an epoch's metrics row reached {@code metrics.jsonl} but before that epoch's checkpoint
 * (simulated exactly there: the sink throws right after appending the row) is resumed without a
 * duplicate: the resume drops the row past its checkpoint, records the epoch again, and ends with the
 * rows of an uninterrupted run. The resume is reported once, naming its checkpoint, and the search
 * time goes on from the checkpoint's.
 */
class MetricsResumeTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  private static SearchStrategy strategy(String method) {
    return Strategies.create(method, new Settings(ConfigLoader.load(null, Map.of("nas.rsps.candidates", "3"))));
  }

  /** The rows of {@code file} ({@code metrics.jsonl}, {@code events.jsonl}) without their wall-clock column. */
  private static List<Map<String, Object>> rows(RunDirectory dir, String file) throws IOException {
    if (!dir.exists(file)) {
      return List.of();
    }
    List<Map<String, Object>> rows = RunLog.rows(new String(dir.read(file), StandardCharsets.UTF_8));
    rows.forEach(row -> row.remove("elapsed_seconds"));
    return rows;
  }

  private static List<Map<String, Object>> rows(RunDirectory dir) throws IOException {
    return rows(dir, RunLog.METRICS);
  }

  /** The run's log (both files) behind {@code progress}. */
  private static MetricsSink log(DirectoryCheckpoints progress, RunDirectory dir, String method) {
    return progress.metrics(new RunLog(dir, new RunKeys("r", method, "nb201", 4)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"darts", "rsps"})
  @DisplayName("killed between epoch 2's metrics row and its checkpoint, resumed: every row once, as uninterrupted")
  void noDuplicateRows(String method) throws Exception {
    RunDirectory whole = RunDirectory.create(tmp.resolve("whole").toString(), "r");
    DirectoryCheckpoints wholeProgress = new DirectoryCheckpoints(whole, from -> {});
    TinySearch.search(strategy(method), 4, log(wholeProgress, whole, method), wholeProgress);
    List<Map<String, Object>> expected = rows(whole);
    List<Map<String, Object>> expectedEvents = rows(whole, RunLog.EVENTS);
    whole.abort();

    String output = tmp.resolve("killed").toString();
    RunDirectory first = RunDirectory.resumeOrCreate(output, "r", CONF);
    DirectoryCheckpoints firstProgress = new DirectoryCheckpoints(first, from -> {});
    MetricsSink appended = log(firstProgress, first, method);
    MetricsSink crashAfterEpoch2 = new MetricsSink() {
      @Override
      public void record(EpochRow row) {
        appended.record(row);
        if (row.epoch() == 2) {
          throw new TinySearch.Crash(); // the row is written, the checkpoint of epoch 2 is not
        }
      }

      @Override
      public void event(String kind, Map<String, Object> row) {
        appended.event(kind, row);
      }
    };
    assertThrows(TinySearch.Crash.class, () -> TinySearch.search(strategy(method), 4, crashAfterEpoch2, firstProgress));
    assertEquals(2, rows(first).size(), "epoch 2's row is on disk, its checkpoint is not");
    first.keepForResume();

    RunDirectory again = RunDirectory.resumeOrCreate(output, "r", CONF);
    assertEquals(RunDirectory.Found.RESUMED, again.found());
    List<Map<String, Object>> resumes = new ArrayList<>();
    DirectoryCheckpoints progress = new DirectoryCheckpoints(again, resumes::add);
    TinySearch.search(strategy(method), 4, log(progress, again, method), progress);
    progress.finish();

    assertEquals(expected, rows(again));
    assertEquals(expectedEvents, rows(again, RunLog.EVENTS));
    assertEquals(1, resumes.size(), resumes.toString());
    assertEquals(method, resumes.get(0).get("checkpoint"));
    assertEquals(1, resumes.get(0).get("metrics_rows"), "the epoch-1 checkpoint covers one row");
    double before = ((Number) resumes.get(0).get("elapsed_seconds")).doubleValue();
    assertTrue(before > 0 && progress.elapsedSeconds() > before, "search time goes on from " + before + " s");
    again.abort();
  }
}
