package org.sparknas.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A named table of typed rows, ready for a columnar writer (spark-jobs writes it as Parquet under
 * {@code <run>/tables/<name>}). Row values follow {@link ColumnType}; a missing column is {@code null}.
 */
public record Table(String name, List<Column> columns, List<List<Object>> rows) {

  public record Column(String name, ColumnType type) {}

  /**
   * The rows of {@code records}, one per map, each column read by its name; keys that are not columns
   * are left out.
   */
  public static Table of(String name, List<Column> columns, List<Map<String, Object>> records) {
    List<List<Object>> rows = new ArrayList<>(records.size());
    for (Map<String, Object> record : records) {
      List<Object> row = new ArrayList<>(columns.size());
      for (Column c : columns) {
        try {
          row.add(c.type().of(record.get(c.name())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("table " + name + ", column " + c.name() + ": " + e.getMessage(), e);
        }
      }
      rows.add(Collections.unmodifiableList(row));
    }
    return new Table(name, List.copyOf(columns), List.copyOf(rows));
  }

  /** The rows of {@code a}, then those of {@code b}: two runs' tables of the same name and columns. */
  public static Table concat(Table a, Table b) {
    if (!a.name().equals(b.name()) || !a.columns().equals(b.columns())) {
      throw new IllegalArgumentException("cannot concatenate table " + a.name() + " and table " + b.name()
          + ": different names or columns");
    }
    List<List<Object>> rows = new ArrayList<>(a.rows());
    rows.addAll(b.rows());
    return new Table(a.name(), a.columns(), List.copyOf(rows));
  }

  /** The column names, in order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
