package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.report.RunTables;
import org.sparknas.spark.session.SparkSessions;

import scala.collection.JavaConverters;

/**
 * What analysts do with an output directory: two tiny synthetic runs (a DARTS search and a GM-NAS
 * search with random splits), then one Spark read per table over {@code <output>/*}: every row comes
 * back with its run's id, method, space and seed and the values its run wrote to {@code metrics.jsonl}
 * and {@code result.json}; {@code result.json} and the JSON-lines files read without options.
 */
class RunTablesReadBackTest {
  @TempDir
  static Path tmp;
  static Path out;
  static final Map<String, Map<String, Object>> RESULTS = new HashMap<>();
  static final Map<String, List<Map<String, Object>>> EPOCHS = new HashMap<>();

  @BeforeAll
  static void twoRuns() throws Exception {
    out = Files.createDirectories(tmp.resolve("runs"));
    Path conf = TinyJobs.conf(tmp, "tiny.conf", "darts", out.toString(), TinyJobs.synthetic(), String.join("\n",
        "  train { epochs = 2, steps-per-epoch = 2 }",
        "  fewshot { splitter = random, split-epochs = [1], warmup-epochs = 1 }"));
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", "local[1]", "--set", "nas.run-id=one");
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", "local[1]", "--set", "nas.run-id=two",
        "--set", "nas.method=fewshot-gm", "--set", "nas.seed=9");
    for (String run : List.of("one", "two")) {
      RESULTS.put(run, TinyJobs.JSON.readValue(out.resolve(run).resolve("result.json").toFile(),
          new TypeReference<Map<String, Object>>() {}));
      EPOCHS.put(run, RunLog.rows(Files.readString(out.resolve(run).resolve(RunLog.METRICS))));
    }
  }

  /** An analyst's session: Spark SQL's own classes travel unregistered (the searches' sessions require registration). */
  private static <T> T withSpark(Function<SparkSession, T> read) {
    SparkSession spark = SparkSessions.getOrCreate("local[1]", Map.of("spark.ui.enabled", "false",
        "spark.kryo.registrationRequired", "false"));
    try {
      return read.apply(spark);
    } finally {
      spark.stop();
    }
  }

  private static List<Row> sorted(Dataset<Row> df, String first, String... then) {
    return df.orderBy(first, then).collectAsList();
  }

  @Test
  @DisplayName("tables/metrics of both runs in one read: keys, epochs, losses, architectures and alphas as in metrics.jsonl")
  void metrics() {
    List<Row> rows = withSpark(spark -> sorted(spark.read().parquet(out + "/*/tables/" + RunTables.METRICS),
        "run_id", "epoch", "subnet"));
    List<Map<String, Object>> expected = new ArrayList<>(EPOCHS.get("one"));
    List<Map<String, Object>> two = new ArrayList<>(EPOCHS.get("two"));
    two.sort((a, b) -> a.get("epoch").equals(b.get("epoch")) ? ((String) a.get("subnet")).compareTo((String) b.get("subnet"))
        : Integer.compare((Integer) a.get("epoch"), (Integer) b.get("epoch")));
    expected.addAll(two);
    assertEquals(2, EPOCHS.get("one").size(), "darts: one row per epoch");
    assertEquals(3, EPOCHS.get("two").size(), "fewshot-gm: the root's epoch, then two sub-supernets' epoch 2");
    assertEquals(expected.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      Map<String, Object> e = expected.get(i);
      String run = r.getAs("run_id");
      assertEquals(run, e.get("run_id"));
      assertEquals(RESULTS.get(run).get("method"), r.getAs("method"));
      assertEquals("nb201", r.getAs("space"));
      assertEquals(((Number) RESULTS.get(run).get("seed")).longValue(), (long) r.getAs("seed"));
      assertEquals(((Number) e.get("epoch")).longValue(), (long) r.getAs("epoch"));
      assertEquals(e.get("phase"), r.getAs("phase"));
      assertEquals(e.get("subnet"), r.getAs("subnet"));
      assertEquals((double) e.get("train_loss"), (double) r.getAs("train_loss"), 0.0);
      assertEquals((double) e.get("val_accuracy"), (double) r.getAs("val_accuracy"), 0.0);
      assertEquals(e.get("architecture"), r.getAs("architecture"));
      assertEquals(e.get("alphas"), alphas(r.getJavaMap(r.fieldIndex("alphas"))));
      assertNull(r.getAs("tau"), "a column this method does not measure is null");
    }
  }

  /** A map of array<array<double>> as Spark returns it, as Java lists. */
  private static Map<String, List<List<Double>>> alphas(Map<String, scala.collection.Seq<scala.collection.Seq<Double>>> m) {
    Map<String, List<List<Double>>> out = new HashMap<>();
    m.forEach((group, edges) -> out.put(group, JavaConverters.seqAsJavaList(edges).stream()
        .map(JavaConverters::seqAsJavaList).toList()));
    return out;
  }

  @Test
  @DisplayName("tables/candidates: every candidate of result.json with its run's keys, score, source; the answer chosen")
  void candidates() {
    List<Row> rows = withSpark(spark -> sorted(spark.read().parquet(out + "/*/tables/" + RunTables.CANDIDATES),
        "run_id", "index"));
    int i = 0;
    for (String run : List.of("one", "two")) {
      Map<String, Object> result = RESULTS.get(run);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> candidates = (List<Map<String, Object>>) result.get("candidates");
      assertEquals(run.equals("one") ? 1 : 2, candidates.size());
      for (int k = 0; k < candidates.size(); k++, i++) {
        Row r = rows.get(i);
        assertEquals(run, r.getAs("run_id"));
        assertEquals(result.get("method"), r.getAs("method"));
        assertEquals(k, (long) r.getAs("index"));
        assertEquals(candidates.get(k).get("architecture"), r.getAs("architecture"));
        assertEquals(((Number) candidates.get(k).get("score")).doubleValue(), (double) r.getAs("score"), 0.0);
        assertEquals(candidates.get(k).get("source"), r.getAs("source"));
        assertEquals(candidates.get(k).get("architecture").equals(result.get("architecture")), r.getAs("chosen"));
      }
    }
    assertEquals(i, rows.size());
  }

  @Test
  @DisplayName("tables/splits only where the method splits: the GM-NAS run's split with its groups and children")
  void splits() {
    assertFalse(Files.exists(out.resolve("one/tables/splits")), "darts has no splits table");
    List<Row> rows = withSpark(spark -> spark.read().parquet(out + "/*/tables/" + RunTables.SPLITS).collectAsList());
    assertEquals(1, rows.size());
    Row r = rows.get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> split = ((List<Map<String, Object>>) RESULTS.get("two").get("splits")).get(0);
    assertEquals("two", r.getAs("run_id"));
    assertEquals("fewshot-gm", r.getAs("method"));
    assertEquals(9L, (long) r.getAs("seed"));
    assertEquals("root", r.getAs("supernet"));
    assertEquals(((Number) split.get("edge")).longValue(), (long) r.getAs("edge"));
    assertEquals(split.get("groups"), JavaConverters.seqAsJavaList(r.<scala.collection.Seq<scala.collection.Seq<String>>>getAs(
        "groups")).stream().map(JavaConverters::seqAsJavaList).toList());
    assertEquals(split.get("children"), JavaConverters.seqAsJavaList(r.<scala.collection.Seq<String>>getAs("children")));
    assertNull(r.getAs("distances"), "the random splitter measures no distances");
  }

  @Test
  @DisplayName("result.json, metrics.jsonl and events.jsonl read with plain spark.read.json; every row keyed")
  void jsonFiles() throws Exception {
    withSpark(spark -> {
      Dataset<Row> results = spark.read().json(out + "/*/result.json");
      assertFalse(Arrays.asList(results.columns()).contains("_corrupt_record"), "one object per line");
      assertEquals(List.of("one", "two"), results.orderBy("run_id").select("run_id").as(
          Encoders.STRING()).collectAsList());
      Dataset<Row> metrics = spark.read().json(out + "/*/" + RunLog.METRICS);
      assertFalse(Arrays.asList(metrics.columns()).contains("kind"), "metrics.jsonl holds epoch rows only");
      assertEquals(5, metrics.count());
      assertEquals(0, metrics.where("run_id is null or method is null or space is null or seed is null").count());
      Dataset<Row> events = spark.read().json(out + "/*/" + RunLog.EVENTS);
      assertEquals(0, events.where("run_id is null or kind is null").count());
      assertEquals(List.of("candidate", "candidate", "split"), events.orderBy("kind").select("kind")
          .as(Encoders.STRING()).collectAsList());
      return null;
    });
    assertEquals(1, Files.readAllLines(out.resolve("one/result.json"), StandardCharsets.UTF_8).size(),
        "result.json is one line");
    assertNotNull(RESULTS.get("one").get("run_id"));
    assertTrue(Files.exists(out.resolve("one/_SUCCESS")));
  }
}
