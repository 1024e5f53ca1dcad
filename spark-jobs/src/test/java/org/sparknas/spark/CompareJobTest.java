package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.spark.session.SparkSessions;

/**
 * {@code nas compare} end to end on {@code local[2]}: darts and sddarts for two seeds on tiny synthetic
 * data, each a normal run directory, then the table and plots; a run of the comparison equals the
 * same search run alone.
 */
class CompareJobTest {
  @TempDir
  Path tmp;

  private Path config(Path out) throws Exception {
    return TinyJobs.conf(tmp, "compare.conf", "darts", out.toString(), TinyJobs.synthetic(), String.join("\n",
        "  train { epochs = 2, steps-per-epoch = 2 }",
        "  sddarts { teachers = 2 }",
        "  analysis { sharpness = true, gap = true, sharpness-iterations = 2, sharpness-batches = 1,",
        "    recalibration-batches = 1 }",
        "  compare { methods = [darts, sddarts], seeds = [5, 6] }"));
  }

  @Test
  @DisplayName("four searches in parallel, compare.txt/json with sharpness, gap and derived accuracy, plots, their tables; runs equal lone searches")
  void compareEndToEnd() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("runs"));
    Path conf = config(out);
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TinyJobs.runOk("compare", "--config", conf.toString(), "--master", "local[2]");
    } finally {
      System.setOut(stdout);
    }
    String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("compare: "))
        .reduce((a, b) -> b).orElseThrow();
    Path dir = Path.of(URI.create(line.substring("compare: ".length())));
    assertTrue(Files.exists(dir.resolve("_SUCCESS")));

    JsonNode table = TinyJobs.json(Files.readString(dir.resolve("compare.json"))).get("runs");
    assertEquals(4, table.size());
    for (JsonNode row : table) {
      assertTrue(row.get("sharpness").isNumber() && row.get("gap").isNumber(), row.toString());
      assertEquals(row.get("supernet_val_accuracy").asDouble() - row.get("derived_val_accuracy").asDouble(),
          row.get("gap").asDouble(), 1e-12);
      Path run = Path.of(URI.create(row.get("run").asText()));
      JsonNode result = TinyJobs.json(Files.readString(run.resolve("result.json")));
      assertEquals(row.get("method").asText(), result.get("method").asText());
      assertEquals(row.get("seed").asLong(), result.get("seed").asLong());
      assertEquals(row.get("architecture").asText(), result.get("architecture").asText());
      assertTrue(Files.exists(run.resolve("report/sharpness.png")) && Files.exists(run.resolve("report/alphas-cell.png")));
    }
    assertEquals(Set.of("darts/5", "darts/6", "sddarts/5", "sddarts/6"), Stream.of(0, 1, 2, 3)
        .map(i -> table.get(i).get("method").asText() + "/" + table.get(i).get("seed").asText())
        .collect(Collectors.toSet()));
    // the searches ran in tasks: the comparison holds their tables, each search's rows once
    for (JsonNode row : table) {
      assertTrue(Files.notExists(Path.of(URI.create(row.get("run").asText())).resolve("tables")), row.toString());
    }
    SparkSession spark = SparkSessions.getOrCreate("local[1]", Map.of("spark.ui.enabled", "false",
        "spark.kryo.registrationRequired", "false"));
    try {
      List<Row> perRun = spark.read().parquet(out + "/*/tables/metrics").groupBy("run_id", "method", "seed").count()
          .orderBy("method", "seed").collectAsList();
      assertEquals(List.of("darts/5/2", "darts/6/2", "sddarts/5/2", "sddarts/6/2"), perRun.stream()
          .map(r -> r.getAs("method") + "/" + r.getAs("seed") + "/" + r.getAs("count")).toList(), "two epochs per run");
      for (Row r : perRun) {
        assertTrue(((String) r.getAs("run_id")).endsWith("-" + r.getAs("method") + "-seed" + r.getAs("seed")));
      }
      assertEquals(4, spark.read().parquet(dir + "/tables/candidates").count());
    } finally {
      spark.stop();
    }
    // the summary pairs the seeds: sddarts - darts is the mean of the per-seed differences
    JsonNode gap = TinyJobs.json(Files.readString(dir.resolve("compare.json"))).get("summary").get("gap");
    double sum = 0;
    for (long seed : List.of(5L, 6L)) {
      sum += gapOf(table, "sddarts", seed) - gapOf(table, "darts", seed);
    }
    assertEquals(sum / 2, gap.get("sddarts - darts").get("mean_difference").asDouble(), 1e-12);
    assertEquals(2, gap.get("darts").get("runs").asInt());
    String text = Files.readString(dir.resolve("report/compare.txt"));
    assertEquals(5 + 1 + 5, text.lines().count(), text);
    for (String png : List.of("sharpness.png", "gap.png", "alphas-seed5-cell.png", "alphas-seed6-cell.png")) {
      assertTrue(Files.size(dir.resolve("report").resolve(png)) > 1000, png);
    }

    // the comparison's sddarts seed-6 run is the same search as `nas search` with that method and seed
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", "local[1]", "--set", "nas.method=sddarts",
        "--set", "nas.seed=6", "--set", "nas.run-id=alone");
    JsonNode alone = TinyJobs.json(Files.readString(out.resolve("alone/metrics.jsonl")).lines().reduce((a, b) -> b)
        .orElseThrow());
    JsonNode sd6 = Stream.of(0, 1, 2, 3).map(table::get)
        .filter(r -> r.get("method").asText().equals("sddarts") && r.get("seed").asLong() == 6).findFirst().orElseThrow();
    JsonNode inCompare = TinyJobs.json(Files.readString(Path.of(URI.create(sd6.get("run").asText()))
        .resolve("metrics.jsonl")).lines().reduce((a, b) -> b).orElseThrow());
    for (String k : List.of("train_loss", "val_loss", "sharpness", "gap", "architecture", "alphas")) {
      assertEquals(alone.get(k), inCompare.get(k), k);
    }
  }

  private static double gapOf(JsonNode table, String method, long seed) {
    for (JsonNode row : table) {
      if (row.get("method").asText().equals(method) && row.get("seed").asLong() == seed) {
        return row.get("gap").asDouble();
      }
    }
    throw new AssertionError(method + " seed " + seed + " missing");
  }

  @Test
  @DisplayName("nas.compare.retrain: every derived architecture retrained, test accuracy in the table and paired by seed; an interrupted comparison resumes, a complete one is refused")
  void compareWithRetrain() throws Exception {
    FileSystem local = FileSystem.getLocal(new Configuration());
    IdxFixtures.smallDataset(local, tmp.resolve("fm").toString());
    Path out = Files.createDirectories(tmp.resolve("runs"));
    Path conf = TinyJobs.conf(tmp, "retrain.conf", "darts", out.toString(),
        "format = fashion-mnist, path = \"" + tmp.resolve("fm") + "\"", String.join("\n",
            "  train { epochs = 1, steps-per-epoch = 2 }",
            "  retrain { epochs = 1, eval-images = 0 }",
            "  compare { methods = [darts, rsps], seeds = [5, 6], retrain = true }"));
    // an attempt killed before it finished left its in-progress directory: the same id takes it up
    RunDirectory.create(out.toString(), "cr", new Configuration()).keepForResume();
    TinyJobs.runOk("compare", "--config", conf.toString(), "--set", "nas.run-id=cr", "--master", "local[2]");
    Path dir = out.resolve("cr");
    JsonNode doc = TinyJobs.json(Files.readString(dir.resolve("compare.json")));
    Map<String, Double> test = new java.util.HashMap<>();
    for (JsonNode row : doc.get("runs")) {
      Path retrain = Path.of(URI.create(row.get("retrain_run").asText()));
      assertEquals(out.resolve("cr-" + row.get("method").asText() + "-seed" + row.get("seed").asText() + "-retrain"),
          retrain);
      JsonNode result = TinyJobs.json(Files.readString(retrain.resolve("result.json")));
      assertEquals(row.get("architecture").asText(), result.get("architecture").asText(), "the search's answer");
      assertEquals(result.get("test").get("accuracy").asDouble(), row.get("test_accuracy").asDouble(), 0.0);
      test.put(row.get("method").asText() + row.get("seed").asText(), row.get("test_accuracy").asDouble());
    }
    assertEquals(4, test.size());
    JsonNode paired = doc.get("summary").get("test_accuracy").get("rsps - darts");
    assertEquals((test.get("rsps5") - test.get("darts5") + test.get("rsps6") - test.get("darts6")) / 2,
        paired.get("mean_difference").asDouble(), 1e-12);
    String text = Files.readString(dir.resolve("report/compare.txt"));
    assertEquals(5 + 1 + 6, text.lines().count(), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("test_accuracy")), text);
    ConfigException done = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"compare", "--config",
        conf.toString(), "--set", "nas.run-id=cr"}));
    assertTrue(done.getMessage().contains("nas.run-id") && done.getMessage().contains("complete"), done.getMessage());
  }

  @Test
  @DisplayName("bad compare config fails before any work, naming the key")
  void badConfig() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("bad"));
    Path conf = config(out);
    ConfigException e = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"compare", "--config",
        conf.toString(), "--set", "nas.compare.methods=[darts, snas9]"}));
    assertTrue(e.getMessage().contains("nas.compare.methods"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"compare", "--config",
        conf.toString(), "--set", "nas.train.shards=2"}));
    assertTrue(e.getMessage().contains("nas.train.shards"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"compare", "--config",
        conf.toString(), "--set", "nas.compare.retrain=true", "--set", "nas.retrain.epochs=0"}));
    assertTrue(e.getMessage().contains("nas.retrain.epochs"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"compare", "--config",
        conf.toString(), "--set", "nas.train.shards=2"}));
    assertTrue(e.getMessage().contains("nas.train.shards"), e.getMessage());
    TinyJobs.assertNoActiveSparkContext();
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(0, left.count(), "nothing written");
    }
  }
}
