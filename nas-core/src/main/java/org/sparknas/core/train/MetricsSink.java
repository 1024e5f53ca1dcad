package org.sparknas.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Receives a search's rows: one per epoch of a supernet ({@link #record}, {@code metrics.jsonl}) and one
 * per event of another kind, such as a split or a scored candidate ({@link #event}, {@code events.jsonl}).
 * Epoch rows and event rows have different columns, so they are kept apart.
 */
@FunctionalInterface
public interface MetricsSink {
  /** One row per epoch of a supernet: phase, epoch, learning rate, losses, accuracies, softmax(alpha). */
  void record(Map<String, Object> row);

  /**
   * A row that is not an epoch, e.g. {@code split}, {@code candidate}, {@code halving-round}. This
   * default hands it to {@link #record} with its {@code kind}, so a sink that keeps everything in one
   * list (tests) sees it in order.
   */
  default void event(String kind, Map<String, Object> row) {
    Map<String, Object> withKind = new LinkedHashMap<>();
    withKind.put("kind", kind);
    withKind.putAll(row);
    record(withKind);
  }

  /** A sink that drops everything (tests, benchmarks). */
  MetricsSink NONE = row -> {};
}
