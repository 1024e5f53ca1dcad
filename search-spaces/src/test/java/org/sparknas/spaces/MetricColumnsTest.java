package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.RunTables;
import org.sparknas.core.report.Table;
import org.sparknas.core.strategy.Strategies;

/**
 * Every column a method writes into an epoch row of {@code metrics.jsonl} is a column of the
 * {@code metrics} table, so the Parquet tables never silently drop a measurement (a new metric needs
 * its column in {@link RunTables#METRIC_COLUMNS}).
 */
class MetricColumnsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "method = darts, analysis { sharpness = true, gap = true, sharpness-iterations = 1, sharpness-batches = 1, recalibration-batches = 1 }",
      "method = sddarts, sddarts { teachers = 2 }",
      "method = snas",
      "method = rsps, rsps { candidates = 2 }",
      "method = fewshot-gm, fewshot { base = darts, splitter = random, split-epochs = [1], warmup-epochs = 1 }",
      "method = fewshot-gm, fewshot { base = snas, splitter = random, split-epochs = [1], warmup-epochs = 1 }",
      "method = fewshot-gm, fewshot { base = rsps, splitter = random, split-epochs = [1], warmup-epochs = 1 }, rsps { candidates = 2 }"})
  @DisplayName("the epoch rows of every method and base have only columns of the metrics table")
  void epochRowsFitTheTable(String block, @TempDir Path tmp) throws Exception {
    Path conf = Files.writeString(tmp.resolve("job.conf"), "nas { " + block + " }");
    NasConfig job = NasConfig.from(ConfigLoader.load(conf.toString(), Map.of()), Strategies::check);
    Set<String> columns = new TreeSet<>(RunTables.METRIC_COLUMNS.stream().map(Table.Column::name).toList());
    Set<String> seen = new TreeSet<>();
    for (Map<String, Object> row : TinySearch.run(Strategies.create(job.method(), job.settings()), 4).metrics()) {
      if (!row.containsKey("kind")) {
        seen.addAll(row.keySet());
      }
    }
    assertFalse(seen.isEmpty(), "no epoch rows");
    Set<String> missing = new TreeSet<>(seen);
    missing.removeAll(columns);
    assertTrue(missing.isEmpty(), "epoch-row columns missing from RunTables.METRIC_COLUMNS: " + missing);
  }
}
