package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunTablesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Object> json(String text) throws Exception {
    return JSON.readValue(text, new TypeReference<>() {});
  }

  private static Table table(List<Table> tables, String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static Object cell(Table t, int row, String column) {
    return t.rows().get(row).get(t.columnNames().indexOf(column));
  }

  @Test
  @DisplayName("a GM-NAS result and its epoch rows: three tables, every row keyed by the result, values typed")
  void fewShotRun() throws Exception {
    Map<String, Object> result = json("""
        {"run_id":"gm-1","method":"fewshot-gm","space":"nb201","seed":12345678901,"architecture":"B",
         "candidates":[{"architecture":"A","score":0.5,"source":"sub-supernet 0"},
                       {"architecture":"B","score":0.75,"source":"sub-supernet 1"}],
         "splits":[{"supernet":"root","level":1,"epoch":2,"group":"cell","edge":4,
                    "groups":[["nor_conv_1x1","nor_conv_3x3"],["none","skip_connect","avg_pool_3x3"]],
                    "op_indices":[[2,3],[0,1,4]],"distances":[[0.0,0.5],[0.5,0.0]],"score":5.9,
                    "edge_scores":{"cell/4":5.9,"cell/5":1.0},"children":["0","1"],"restart":false}]}
        """);
    List<Map<String, Object>> epochs = List.of(
        json("""
            {"run_id":"gm-1","method":"fewshot-gm","space":"nb201","seed":12345678901,"phase":"fewshot-gm/darts",
             "epoch":1,"lr":0.025,"train_loss":1.5,"subnet":"root","level":0,"alphas_trained":false,
             "val_accuracy":"NaN","alphas":{"cell":[[0.2,0.8],[1,0]]},"an_unknown_measure":3}"""));
    List<Table> tables = RunTables.of(result, epochs);
    assertEquals(List.of("metrics", "candidates", "splits"), tables.stream().map(Table::name).toList());

    Table metrics = table(tables, "metrics");
    assertEquals(RunTables.METRIC_COLUMNS, metrics.columns());
    assertEquals(List.of("gm-1", "fewshot-gm", "nb201", 12345678901L), metrics.rows().get(0).subList(0, 4));
    assertEquals(1L, cell(metrics, 0, "epoch"));
    assertEquals(1.5, cell(metrics, 0, "train_loss"));
    assertTrue(Double.isNaN((Double) cell(metrics, 0, "val_accuracy")), "Jackson writes NaN as a string");
    assertEquals(Map.of("cell", List.of(List.of(0.2, 0.8), List.of(1.0, 0.0))), cell(metrics, 0, "alphas"));
    assertEquals(false, cell(metrics, 0, "alphas_trained"));
    assertEquals(null, cell(metrics, 0, "tau"));

    Table candidates = table(tables, "candidates");
    assertEquals(2, candidates.rows().size());
    assertEquals(Arrays.asList("gm-1", "fewshot-gm", "nb201", 12345678901L, 1L, "B", 0.75, "sub-supernet 1", true),
        candidates.rows().get(1));
    assertEquals(false, cell(candidates, 0, "chosen"));

    Table splits = table(tables, "splits");
    assertEquals(List.of(List.of("nor_conv_1x1", "nor_conv_3x3"), List.of("none", "skip_connect", "avg_pool_3x3")),
        cell(splits, 0, "groups"));
    assertEquals(List.of(List.of(2L, 3L), List.of(0L, 1L, 4L)), cell(splits, 0, "op_indices"));
    assertEquals(Map.of("cell/4", 5.9, "cell/5", 1.0), cell(splits, 0, "edge_scores"));
    assertEquals(List.of("0", "1"), cell(splits, 0, "children"));
    assertEquals(4L, cell(splits, 0, "edge"));
  }

  @Test
  @DisplayName("no splits in the result, no splits table; a wrongly typed value names table and column")
  void withoutSplitsAndBadValues() throws Exception {
    Map<String, Object> result = json("""
        {"run_id":"d","method":"darts","space":"nb201","seed":2,"architecture":"A",
         "candidates":[{"architecture":"A","score":0.5,"source":"supernet"}]}""");
    assertEquals(List.of("metrics", "candidates"), RunTables.of(result, List.of()).stream().map(Table::name).toList());
    Map<String, Object> bad = new LinkedHashMap<>(result);
    bad.put("candidates", List.of(Map.of("architecture", "A", "score", "high")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunTables.of(bad, List.of()));
    assertTrue(e.getMessage().startsWith("table candidates, column score: not a double"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ColumnType.LONG.of(2.5));
  }

  @Test
  @DisplayName("two runs' tables concatenate row by row; different columns are refused")
  void concat() throws Exception {
    Map<String, Object> a = json("""
        {"run_id":"a","method":"darts","space":"nb201","seed":1,"architecture":"A",
         "candidates":[{"architecture":"A","score":0.5,"source":"supernet"}]}""");
    Map<String, Object> b = new LinkedHashMap<>(a);
    b.put("run_id", "b");
    Table both = Table.concat(table(RunTables.of(a, List.of()), "candidates"), table(RunTables.of(b, List.of()), "candidates"));
    assertEquals(List.of("a", "b"), both.rows().stream().map(r -> r.get(0)).toList());
    assertThrows(IllegalArgumentException.class, () -> Table.concat(table(RunTables.of(a, List.of()), "candidates"),
        table(RunTables.of(a, List.of()), "metrics")));
  }
}
