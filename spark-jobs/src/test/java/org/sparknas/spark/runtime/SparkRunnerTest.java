package org.sparknas.spark.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.runtime.WorkFunction;
import org.sparknas.spark.session.SparkSessions;

@DisplayName("SparkRunner on local[2,2] (two slots, a task may fail once)")
class SparkRunnerTest {

  private static final long MASTER_SEED = 20261128L;
  private static SparkSession spark;
  private static JavaSparkContext sc;
  private static SparkRunner runner;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("local[2,2]", Map.of(
        "spark.ui.enabled", "false",
        "spark.kryo.registrationRequired", "true"));
    sc = SparkSessions.javaContext(spark);
    runner = new SparkRunner(sc);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Seeded ND4J work: a random input drawn from the item's derived seed, times the shared weights. */
  private static INDArray work(INDArray weights, Integer item) {
    INDArray x = seeded(Seeds.seed(MASTER_SEED, "test", item), 3, 8);
    return x.mmul(weights).addi(item);
  }

  private static INDArray seeded(long seed, long... shape) {
    return Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape);
  }

  private static List<Integer> items(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static void assertSameArrays(List<INDArray> expected, List<INDArray> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).toFloatMatrix(), actual.get(i).toFloatMatrix(), "item " + i);
    }
  }

  @Test
  @DisplayName("results come back in input order and equal LocalRunner's, under the batch's job group")
  void sameAsLocalInOrder() {
    INDArray weights = seeded(7L, 8, 4);
    WorkFunction<INDArray, Integer, INDArray> fn = SparkRunnerTest::work;
    List<INDArray> local = new LocalRunner().map("test/local", weights, items(6), fn);

    List<INDArray> distributed = runner.map("test/order", weights, items(6), fn);

    assertSameArrays(local, distributed);
    assertTrue(sc.statusTracker().getJobIdsForGroup("test/order").length > 0, "job must run under the group");
    assertNull(sc.getLocalProperty("spark.job.description"), "description must be restored afterwards");
  }

  @Test
  @DisplayName("a task failing on its first attempt is retried and gives the same result")
  void retriedTaskGivesSameResult(@TempDir Path markers) {
    INDArray weights = seeded(8L, 8, 4);
    List<INDArray> expected = new LocalRunner().map("test/local", weights, items(4), SparkRunnerTest::work);
    String dir = markers.toString();
    long doneBefore = runner.itemsDone();
    long failedBefore = runner.failedAttempts();

    List<INDArray> got = runner.map("test/retry", weights, items(4), (w, item) -> {
      Path marker = Path.of(dir, "item-" + item);
      if (item == 2 && !Files.exists(marker)) {
        Files.createFile(marker);
        throw new IllegalStateException("first attempt of item 2 fails on purpose");
      }
      return work(w, item);
    });

    assertSameArrays(expected, got);
    assertTrue(Files.exists(Path.of(dir, "item-2")), "the failing attempt must have run");
    assertEquals(4, runner.itemsDone() - doneBefore, "each item counted once");
    assertEquals(1, runner.failedAttempts() - failedBefore, "one failed attempt");
  }

  @Test
  @DisplayName("an item that keeps failing surfaces with the batch description and its cause")
  void failureNamesTheBatch() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> runner.map("fewshot/split-1/subnet-3/epoch-7", (Integer) null, items(3), (Integer none, Integer item) -> {
          if (item == 1) {
            throw new ArithmeticException("boom at item " + item);
          }
          return item;
        }));
    assertTrue(e.getMessage().startsWith("fewshot/split-1/subnet-3/epoch-7: work failed"), e.getMessage());
    assertTrue(e.getMessage().contains("boom at item 1"), e.getMessage());
  }

  @Test
  @DisplayName("an item out of heap fails as a task (Spark would end the JVM on the Error): the driver gets its text, the runner goes on")
  void outOfMemoryIsATaskFailure() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> runner.map("rank/arm-0/epoch-1", (Integer) null, items(2), (Integer none, Integer item) -> {
          if (item == 1) {
            throw new OutOfMemoryError("Java heap space");
          }
          return item;
        }));
    assertTrue(e.getMessage().contains("java.lang.OutOfMemoryError: Java heap space"), e.getMessage());
    assertEquals(List.of(0, 1, 2), runner.map("after", (Integer) null, items(3), (Integer none, Integer item) -> item),
        "the executor survived");
  }

  @Test
  @DisplayName("inside a task ND4J runs spark.task.cpus (1) threads")
  void taskThreads() {
    Nd4j.getEnvironment().setMaxThreads(2);
    Nd4j.getEnvironment().setMaxMasterThreads(2);
    List<Integer> seen = runner.map("test/threads", (Integer) null, items(2),
        (Integer none, Integer item) -> Nd4j.getEnvironment().maxThreads() * 10 + Nd4j.getEnvironment().maxMasterThreads());
    assertEquals(List.of(11, 11), seen);
  }

  @Test
  @DisplayName("parallelism is the task slots; describe names master and executors, never the driver")
  void slotsAndDescription() {
    assertEquals(2, runner.parallelism());
    String d = runner.describe();
    // local mode: the driver runs the tasks and is no executor
    assertTrue(d.contains("master local[2,2]") && d.contains("executors []") && d.contains("2 task slots"), d);
  }
}
