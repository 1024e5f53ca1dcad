package org.sparknas.core.strategy;

import java.util.Map;

/** Receives one row of metrics per epoch or phase (written to {@code metrics.jsonl} and the log). */
@FunctionalInterface
public interface MetricsSink {
  void record(Map<String, Object> row);

  /** A sink that drops everything (tests, benchmarks). */
  MetricsSink NONE = row -> {};
}
