package org.sparknas.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Receives a search's rows: one per epoch of a supernet ({@link #record}, a typed {@link EpochRow},
 * {@code metrics.jsonl}) and one per event of another kind, such as a split or a scored candidate
 * ({@link #event}, {@code events.jsonl}). Epoch rows and event rows have different columns, so they are
 * kept apart.
 */
public interface MetricsSink {
  /** One row per epoch of a supernet. */
  void record(EpochRow row);

  /** A row that is not an epoch, e.g. {@code split}, {@code candidate}, {@code halving-round}. */
  void event(String kind, Map<String, Object> row);

  /** A sink that drops everything (tests, benchmarks). */
  MetricsSink NONE = of(row -> {});

  /**
   * A sink that hands every row to {@code rows} in order as its columns: an epoch row as
   * {@link EpochRow#columns()}, an event with its {@code kind} first (tests keep everything in one list).
   */
  static MetricsSink of(Consumer<Map<String, Object>> rows) {
    return new MetricsSink() {
      @Override
      public void record(EpochRow row) {
        rows.accept(row.columns());
      }

      @Override
      public void event(String kind, Map<String, Object> row) {
        Map<String, Object> withKind = new LinkedHashMap<>();
        withKind.put("kind", kind);
        withKind.putAll(row);
        rows.accept(withKind);
      }
    };
  }
}
