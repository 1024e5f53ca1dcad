package org.sparknas.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns that key every row a run writes ({@code metrics.jsonl}, {@code events.jsonl}, the
 * Parquet tables, {@code result.json}), so that rows read from many runs at once still say which run,
 * method, space and seed they came from.
 */
public record RunKeys(String runId, String method, String space, long seed) {

  /** The keys of a row or document that has them ({@code result.json}, a {@code metrics.jsonl} row). */
  public static RunKeys of(Map<String, Object> json) {
    return new RunKeys((String) json.get("run_id"), (String) json.get("method"), (String) json.get("space"),
        ((Number) json.get("seed")).longValue());
  }

  /** The keys as the first columns of a row. */
  public Map<String, Object> columns() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("method", method);
    m.put("space", space);
    m.put("seed", seed);
    return m;
  }

  /** A copy of {@code row} that starts with the keys (the keys win over columns of the same name). */
  public Map<String, Object> stamp(Map<String, Object> row) {
    Map<String, Object> m = columns();
    row.forEach(m::putIfAbsent);
    return m;
  }
}
