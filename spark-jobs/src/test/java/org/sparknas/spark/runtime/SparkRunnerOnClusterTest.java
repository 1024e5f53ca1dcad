package org.sparknas.spark.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.spark.LocalCluster;
import org.sparknas.spark.session.SparkSessions;

/**
 * Fault test on a real standalone cluster (bin/cluster: a Master and two one-core Workers, executors
 * in their own JVMs): an executor is killed with SIGKILL while it runs a work item, Spark reruns the
 * item elsewhere, and the results still equal LocalRunner's. About 1-2 minutes, so tagged {@code cluster}
 * and excluded by default. Run it after building the spark-submit jar:
 * <pre>
 * mvn -o -B -pl spark-jobs -am package -Pshade -DskipTests
 * mvn -o -B -pl spark-jobs -am test -Dgroups=cluster -Dexcluded.groups=none \
 *     -Dtest='SparkRunnerOnClusterTest' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * It starts the cluster with bin/cluster (and stops it afterwards) unless one is already running.
 */
@Tag("cluster")
@DisplayName("SparkRunner on a standalone cluster survives kill -9 of an executor")
class SparkRunnerOnClusterTest {

  private static final Path REPO = LocalCluster.REPO;
  private static final long MASTER_SEED = 7L;
  private static boolean startedCluster;
  private static SparkSession spark;
  private static SparkRunner runner;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    Path shaded;
    try (Stream<Path> jars = Files.list(REPO.resolve("spark-jobs/target"))) {
      shaded = jars.filter(p -> p.getFileName().toString().endsWith("-shaded.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build the shaded jar first: mvn -pl spark-jobs -am package -Pshade"));
    }
    if (LocalCluster.spark("status", tmp) != 0) {
      assertEquals(0, LocalCluster.spark("start", tmp), "bin/cluster start failed, see .cluster/logs");
      startedCluster = true;
    }
    // Classes compiled since the shaded jar was built (and this test's lambdas) go first on the executors.
    Path fresh = LocalCluster.jarOf(tmp.resolve("fresh-classes.jar"),
        REPO.resolve("spark-jobs/target/classes"), REPO.resolve("spark-jobs/target/test-classes"));
    String port = System.getenv().getOrDefault("SPARKNAS_MASTER_PORT", "7077");
    spark = SparkSessions.getOrCreate("spark://127.0.0.1:" + port, Map.of(
        "spark.ui.enabled", "false",
        "spark.jars", fresh + "," + shaded,
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1",
        "spark.executor.memory", "1g",
        "spark.cores.max", "2",
        "spark.kryo.registrationRequired", "true"));
    runner = new SparkRunner(SparkSessions.javaContext(spark));
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (startedCluster) {
      LocalCluster.spark("stop", tmp);
    }
  }

  private static INDArray work(INDArray weights, Integer item) {
    INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(Seeds.seed(MASTER_SEED, "cluster", item)), 3, 8);
    return x.mmul(weights).addi(item);
  }

  @Test
  void killedExecutorIsReplacedAndResultsAreUnchanged() throws Exception {
    INDArray weights = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(1L), 8, 4);
    List<Integer> items = IntStream.range(0, 4).boxed().toList();
    List<INDArray> expected = new LocalRunner().map("local", weights, items, SparkRunnerOnClusterTest::work);
    String markers = Files.createDirectories(tmp.resolve("markers")).toString();

    CompletableFuture<List<INDArray>> job = CompletableFuture.supplyAsync(() ->
        runner.map("test/cluster-fault", weights, items, (w, item) -> {
          org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
          Files.createFile(Path.of(markers, "item-" + item + "-attempt-" + task.attemptNumber()
              + "-pid-" + ProcessHandle.current().pid()));
          Thread.sleep(6000);
          return work(w, item);
        }));

    String victim = waitForFirstMarker(Path.of(markers));
    Thread.sleep(2000);
    long pid = Long.parseLong(victim.substring(victim.lastIndexOf('-') + 1));
    ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
    String command = executor.info().commandLine().orElse("");
    assertTrue(command.contains("CoarseGrainedExecutorBackend"), "refusing to kill pid " + pid + ": " + command);
    executor.destroyForcibly();

    List<INDArray> got = job.get(4, TimeUnit.MINUTES);
    for (int i = 0; i < items.size(); i++) {
      assertArrayEquals(expected.get(i).toFloatMatrix(), got.get(i).toFloatMatrix(), "item " + i);
    }
    String killedItem = victim.substring(0, victim.indexOf("-attempt-"));
    try (Stream<Path> files = Files.list(Path.of(markers))) {
      assertTrue(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(killedItem + "-")).count() >= 2,
          "the killed item must have run again");
    }
  }

  private static String waitForFirstMarker(Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.list(dir)) {
        Optional<String> first = files.map(p -> p.getFileName().toString()).sorted().findFirst();
        if (first.isPresent()) {
          return first.get();
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no task started within 2 minutes; see .cluster/logs");
  }
}
