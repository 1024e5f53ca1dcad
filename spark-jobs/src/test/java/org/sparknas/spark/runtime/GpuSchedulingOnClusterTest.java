package org.sparknas.spark.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.backend.BackendChoice;
import org.sparknas.core.backend.Devices;
import org.sparknas.core.config.ConfigException;
import org.sparknas.spark.LocalCluster;
import org.sparknas.spark.session.SparkSessions;

/**
 * GPU scheduling on a real standalone cluster without a GPU: bin/cluster starts a Master and two
 * two-core Workers on free ports, Worker 1 announcing GPUs 0 and 1 and Worker 2 GPUs 2 and 3 through
 * conf/cluster/gpu-discovery.sh (SPARKNAS_WORKER_GPUS). The application asks for two GPUs per executor
 * and one per task, so Spark itself hands out the addresses. Tagged {@code cluster} (about a minute);
 * run after building the spark-submit jar:
 * <pre>
 * mvn -o -B -pl spark-jobs -am package -Pshade -DskipTests
 * mvn -o -B -pl spark-jobs -am test -Dgroups=cluster -Dexcluded.groups=none \
 *     -Dtest='GpuSchedulingOnClusterTest' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("cluster")
@DisplayName("GPU addresses from a discovery script on a standalone cluster")
class GpuSchedulingOnClusterTest {

  private static final Path REPO = LocalCluster.REPO;
  private static final Map<String, Set<String>> ANNOUNCED = Map.of("worker1", Set.of("0", "1"), "worker2", Set.of("2", "3"));
  private static Map<String, String> clusterEnv;
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
    int master = freePort();
    // a cluster of its own (state, ports), so that one already running here is left alone
    clusterEnv = Map.of("SPARKNAS_CLUSTER_DIR", tmp.resolve("cluster").toString(),
        "SPARKNAS_MASTER_PORT", String.valueOf(master), "SPARKNAS_UI_PORT", String.valueOf(freePort()),
        "SPARKNAS_WORKER_CORES", "2", "SPARKNAS_WORKER_GPUS", "0,1 2,3");
    assertEquals(0, LocalCluster.shell("bin/cluster start spark", clusterEnv, tmp.resolve("start.log"), Duration.ofMinutes(5)),
        () -> "bin/cluster start failed: " + read(tmp.resolve("start.log")));
    Path fresh = LocalCluster.jarOf(tmp.resolve("fresh-classes.jar"), REPO.resolve("nas-core/target/classes"),
        REPO.resolve("spark-jobs/target/classes"), REPO.resolve("spark-jobs/target/test-classes"));
    Map<String, String> settings = new HashMap<>(Map.of(
        "spark.ui.enabled", "false",
        "spark.jars", fresh + "," + shaded,
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1",
        "spark.executor.memory", "768m",
        "spark.executor.cores", "2",
        "spark.kryo.registrationRequired", "true"));
    settings.put("spark.executor.resource.gpu.amount", "2");
    settings.put("spark.task.resource.gpu.amount", "1");
    spark = SparkSessions.getOrCreate("spark://127.0.0.1:" + master, settings);
    runner = new SparkRunner(SparkSessions.javaContext(spark));
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (clusterEnv != null) {
      LocalCluster.shell("bin/cluster stop", clusterEnv, tmp.resolve("stop.log"), Duration.ofMinutes(2));
    }
  }

  /** One task: what Spark assigned it, what the binding read and did, and when it ran (ms). */
  private static HashMap<String, String> seen(Integer item) throws InterruptedException {
    TaskContext task = TaskContext.get();
    HashMap<String, String> m = new HashMap<>();
    m.put("item", String.valueOf(item));
    m.put("worker", workerOf(System.getProperty("user.dir")));
    m.put("assigned", String.join(",", task.resourcesJMap().get(TaskDevice.GPU).addresses()));
    TaskDevice.Binding binding = TaskDevice.current();
    m.put("read", String.join(",", binding.addresses()));
    m.put("ordinal", String.valueOf(binding.ordinal()));
    m.put("bound", String.valueOf(binding.bound()));
    m.put("nd4j_device", String.valueOf(Devices.current()));
    m.put("start", String.valueOf(System.currentTimeMillis()));
    Thread.sleep(1500);
    m.put("end", String.valueOf(System.currentTimeMillis()));
    // ND4J works after the binding: (1..4) as 2x2, times itself, summed = 7 + 10 + 15 + 22
    m.put("nd4j_sum", String.valueOf(Nd4j.linspace(1, 4, 4).reshape(2, 2).mmul(Nd4j.linspace(1, 4, 4).reshape(2, 2))
        .sumNumber().doubleValue()));
    return m;
  }

  /** Executors run in their Worker's work directory: .../work/worker<N>/<app>/<executor>. */
  private static String workerOf(String dir) {
    return Path.of(dir).getParent().getParent().getFileName().toString();
  }

  @Test
  @DisplayName("concurrent tasks get distinct GPU addresses of their Worker; the binding reads them; the CPU backend ignores them")
  void distinctAddressesBoundPerTask() {
    List<Integer> items = IntStream.range(0, 8).boxed().toList();
    List<HashMap<String, String>> tasks = runner.map("test/gpus", null, new ArrayList<>(items),
        (none, item) -> seen(item));

    Set<String> workers = new TreeSet<>();
    for (HashMap<String, String> t : tasks) {
      String address = t.get("assigned");
      assertFalse(address.contains(","), "one GPU per task: " + t);
      assertTrue(ANNOUNCED.get(t.get("worker")).contains(address), "an address its Worker announced: " + t);
      assertEquals(address, t.get("read"), "the binding read what Spark assigned: " + t);
      assertEquals(address, t.get("ordinal"), "no CUDA_VISIBLE_DEVICES: the address is the CUDA ordinal: " + t);
      assertEquals("false", t.get("bound"), "the CPU backend has no GPU to move to: " + t);
      assertEquals("0", t.get("nd4j_device"), t.toString());
      assertEquals(54.0, Double.parseDouble(t.get("nd4j_sum")), t.toString());
      workers.add(t.get("worker"));
    }
    assertEquals(Set.of("worker1", "worker2"), workers, "both Workers' executors ran tasks");

    int overlapping = 0;
    for (int i = 0; i < tasks.size(); i++) {
      for (int j = i + 1; j < tasks.size(); j++) {
        HashMap<String, String> a = tasks.get(i);
        HashMap<String, String> b = tasks.get(j);
        if (Long.parseLong(a.get("start")) < Long.parseLong(b.get("end"))
            && Long.parseLong(b.get("start")) < Long.parseLong(a.get("end"))) {
          overlapping++;
          assertNotEquals(a.get("assigned"), b.get("assigned"), "concurrent tasks share a GPU: " + a + " / " + b);
        }
      }
    }
    assertTrue(overlapping >= 4, "4 task slots, 8 tasks of 1.5 s: tasks ran side by side (" + overlapping + " pairs)");

    // the manifest's view: each executor with the addresses its tasks had, on the CPU backend
    Map<String, Object> byAddresses = runner.backends().stream()
        .collect(Collectors.toMap(e -> String.valueOf(e.get("gpu_addresses")), e -> e.get("backend")));
    assertEquals(Map.of("[0, 1]", "cpu", "[2, 3]", "cpu"), byAddresses, runner.backends().toString());
  }

  @Test
  @DisplayName("nas.backend=cuda fails on the executors, naming one and the build to use; cpu and auto pass")
  void cudaRefusedOnCpuExecutors() {
    runner.requireBackend(BackendChoice.CPU);
    runner.requireBackend(BackendChoice.AUTO);
    ConfigException e = assertThrows(ConfigException.class, () -> runner.requireBackend(BackendChoice.CUDA));
    assertEquals("nas.backend", e.key());
    assertTrue(e.getMessage().matches("(?s).*on executor \\d+ \\(127\\.0\\.0\\.1\\).*only ND4J's CPU backend.*"), e.getMessage());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
