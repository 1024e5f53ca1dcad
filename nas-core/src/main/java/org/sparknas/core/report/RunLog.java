package org.sparknas.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.MetricsSink;

/**
 * The sink of a run's rows: epoch rows go to {@code metrics.jsonl}, event rows (with their
 * {@code kind}) to {@code events.jsonl}, each as one JSON line that starts with the {@link RunKeys};
 * every row is also logged, without its matrices.
 */
public final class RunLog implements MetricsSink {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

  public static final String METRICS = "metrics.jsonl";
  public static final String EVENTS = "events.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final RunDirectory dir;
  private final RunKeys keys;

  public RunLog(RunDirectory dir, RunKeys keys) {
    this.dir = dir;
    this.keys = keys;
  }

  @Override
  public void record(EpochRow row) {
    Map<String, Object> columns = row.columns();
    LOG.info("metrics {}", summarise(columns));
    append(METRICS, keys.stamp(columns));
  }

  @Override
  public void event(String kind, Map<String, Object> row) {
    LOG.info("{} {}", kind, summarise(row));
    Map<String, Object> m = keys.columns();
    m.put("kind", kind);
    row.forEach(m::putIfAbsent);
    append(EVENTS, m);
  }

  private void append(String file, Map<String, Object> row) {
    try {
      dir.appendJsonLine(file, row);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " in " + dir.uri(), e);
    }
  }

  /** The rows of a {@code .jsonl} text as this class wrote them, one per non-blank line. */
  public static List<Map<String, Object>> rows(String jsonl) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      if (!line.isBlank()) {
        rows.add(JSON.readValue(line, ROW));
      }
    }
    return rows;
  }

  /** A short log form of a row (no matrices). */
  static String summarise(Map<String, Object> row) {
    Map<String, Object> m = new LinkedHashMap<>(row);
    m.remove("alphas");
    m.remove("distances");
    return m.toString();
  }
}
