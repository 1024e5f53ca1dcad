package org.sparknas.core.report;

import static org.sparknas.core.report.ColumnType.BOOLEAN;
import static org.sparknas.core.report.ColumnType.DOUBLE;
import static org.sparknas.core.report.ColumnType.LONG;
import static org.sparknas.core.report.ColumnType.STRING;
import static org.sparknas.core.report.ColumnType.listOf;
import static org.sparknas.core.report.ColumnType.mapOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.sparknas.core.report.Table.Column;

/**
 * The tables every search run writes under {@code tables/} for analysts who read many runs at once
 * (one Spark glob over the run directories): {@code metrics} (one row per epoch of a supernet),
 * {@code candidates} (the scored architectures) and, for a method that splits supernets, {@code splits}. Every row starts with run id, method, space and seed. The schemas are fixed, the
 * same for every method (a column a method does not measure is null), so runs of different methods
 * read together without schema merging. Built from the run's {@code result.json} and
 * {@code metrics.jsonl} as Jackson reads them, so a run's tables can be made again from its files.
 */
public final class RunTables {
  public static final String METRICS = "metrics";
  public static final String CANDIDATES = "candidates";
  public static final String SPLITS = "splits";

  private static final ColumnType MATRIX = listOf(listOf(DOUBLE));

  static final List<Column> KEYS = List.of(new Column("run_id", STRING), new Column("method", STRING),
      new Column("space", STRING), new Column("seed", LONG));

  /** One row per epoch of a supernet; columns after the keys as in {@code metrics.jsonl}. */
  public static final List<Column> METRIC_COLUMNS = withKeys(
      new Column("phase", STRING),
      new Column("subnet", STRING), // few-shot: the sub-supernet's tree path (root, 0, 0.1, ...)
      new Column("level", LONG),
      new Column("epoch", LONG),
      new Column("lr", DOUBLE),
      new Column("train_loss", DOUBLE),
      new Column("train_accuracy", DOUBLE),
      new Column("val_loss", DOUBLE),
      new Column("val_accuracy", DOUBLE),
      new Column("architecture", STRING),
      new Column("alphas", mapOf(MATRIX)), // softmax(alpha) per group: edges x ops
      new Column("alphas_trained", BOOLEAN),
      new Column("tau", DOUBLE),
      new Column("sharpness", DOUBLE),
      new Column("derived_val_loss", DOUBLE),
      new Column("derived_val_accuracy", DOUBLE),
      new Column("gap", DOUBLE),
      new Column("distillation_lambda", DOUBLE),
      new Column("distillation_kl", DOUBLE),
      new Column("distilled_steps", LONG),
      new Column("teachers", LONG),
      new Column("block", LONG),
      new Column("epoch_in_block", LONG),
      new Column("ema_momentum", DOUBLE),
      new Column("paths_per_step", LONG),
      new Column("drop_path", DOUBLE),
      new Column("train_objective", DOUBLE),
      new Column("train_scored", LONG),
      new Column("epoch_seconds", DOUBLE),
      new Column("elapsed_seconds", DOUBLE));

  /** One row per candidate of {@code result.json}, in its order; {@code chosen} marks the run's answer. */
  public static final List<Column> CANDIDATE_COLUMNS = withKeys(
      new Column("index", LONG),
      new Column("architecture", STRING),
      new Column("score", DOUBLE),
      new Column("source", STRING),
      new Column("chosen", BOOLEAN));

  /** One row per supernet split of {@code result.json}'s {@code splits}. */
  public static final List<Column> SPLIT_COLUMNS = withKeys(
      new Column("supernet", STRING),
      new Column("level", LONG),
      new Column("epoch", LONG),
      new Column("group", STRING),
      new Column("edge", LONG),
      new Column("groups", listOf(listOf(STRING))),
      new Column("op_indices", listOf(listOf(LONG))),
      new Column("score", DOUBLE),
      new Column("edge_scores", mapOf(DOUBLE)),
      new Column("distances", MATRIX),
      new Column("children", listOf(STRING)),
      new Column("restart", BOOLEAN));

  private RunTables() {}

  private static List<Column> withKeys(Column... columns) {
    return Stream.concat(KEYS.stream(), Stream.of(columns)).toList();
  }

  /**
   * The tables of one run: {@code metrics} from its epoch rows, {@code candidates} and (when the result
   * has them) {@code splits} from its result; every row keyed by the result's run id, method, space
   * and seed.
   */
  public static List<Table> of(Map<String, Object> result, List<Map<String, Object>> epochRows) {
    RunKeys keys = RunKeys.of(result);
    List<Table> tables = new ArrayList<>();
    tables.add(Table.of(METRICS, METRIC_COLUMNS, epochRows.stream().map(keys::stamp).toList()));
    List<Map<String, Object>> candidates = new ArrayList<>();
    int index = 0;
    for (Map<String, Object> c : list(result.get("candidates"))) {
      Map<String, Object> row = keys.stamp(c);
      row.put("index", index++);
      row.put("chosen", Objects.equals(c.get("architecture"), result.get("architecture")));
      candidates.add(row);
    }
    tables.add(Table.of(CANDIDATES, CANDIDATE_COLUMNS, candidates));
    if (result.get("splits") instanceof List<?>) {
      tables.add(Table.of(SPLITS, SPLIT_COLUMNS, list(result.get("splits")).stream().map(keys::stamp).toList()));
    }
    return tables;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }
}
