package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small RSPS search through {@code NasMain.run} in client mode against a real standalone cluster
 * (bin/cluster: a Master and two one-core Workers, executors in their own JVMs). In the second run,
 * one executor JVM is killed with SIGKILL 0.3 s after it starts a candidate-scoring task; Spark reruns
 * the lost tasks on a replacement executor and result.json equals that of the undisturbed first run.
 * The data is Fashion-MNIST from its Debian package: executors read the files themselves (the driver
 * sends only the data settings), the replacement executor from a cold start, and the weight steps run
 * as two data-parallel shards on the executors.
 * A few minutes, so tagged {@code cluster} and excluded by default. Build the spark-submit jar first:
 * <pre>
 * mvn -o -B -pl spark-jobs -am package -Pshade -DskipTests
 * mvn -o -B -pl spark-jobs -am test -Dgroups=cluster -Dexcluded.groups=none \
 *     -Dtest='SearchOnClusterFaultTest' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * It starts the cluster with bin/cluster (and stops it afterwards, by the pids bin/cluster recorded)
 * unless one is already running.
 */
@Tag("cluster")
@DisplayName("RSPS search on a standalone cluster survives kill -9 of an executor during candidate scoring")
class SearchOnClusterFaultTest {
  private static final Path REPO = LocalCluster.REPO;
  private static final String DESCRIPTION = "rsps/candidates";
  private static boolean startedCluster;
  private static String jars;

  @TempDir static Path shared;
  @TempDir Path tmp;

  /**
   * Kills, once armed, the executor of the first candidate-scoring task 0.3 s after the task started
   * (scoring one candidate on 512 images takes longer).
   */
  public static final class KillOneExecutor extends SparkListener {
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final List<Long> KILLED = new CopyOnWriteArrayList<>();
    static final List<String> FAILED_TASKS = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> stageDescription = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String d = String.valueOf(job.properties().getProperty("spark.job.description"));
      for (Object s : scala.collection.JavaConverters.seqAsJavaList(job.stageIds())) {
        stageDescription.put((Integer) s, d);
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      if (!DESCRIPTION.equals(stageDescription.get(start.stageId())) || !ARMED.compareAndSet(true, false)) {
        return;
      }
      String executorId = start.taskInfo().executorId();
      Thread killer = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          return;
        }
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().map(c -> c.contains("CoarseGrainedExecutorBackend")
                && c.contains("--executor-id " + executorId + " ")).orElse(false))
            .findFirst()
            .ifPresent(p -> {
              KILLED.add(p.pid());
              p.destroyForcibly();
            });
      }, "kill-executor-" + executorId);
      killer.setDaemon(true);
      killer.start();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (DESCRIPTION.equals(stageDescription.get(end.stageId())) && end.reason() != Success$.MODULE$) {
        FAILED_TASKS.add(String.valueOf(end.reason()));
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Path shaded;
    try (Stream<Path> files = Files.list(REPO.resolve("spark-jobs/target"))) {
      shaded = files.filter(p -> p.getFileName().toString().endsWith("-shaded.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build the shaded jar first: mvn -pl spark-jobs -am package -Pshade"));
    }
    if (LocalCluster.spark("status", shared) != 0) {
      assertEquals(0, LocalCluster.spark("start", shared), "bin/cluster start failed, see .cluster/logs");
      startedCluster = true;
    }
    // classes compiled since the shaded jar was built go first on the executors
    Path fresh = LocalCluster.jarOf(shared.resolve("fresh-classes.jar"), REPO.resolve("nas-core/target/classes"),
        REPO.resolve("search-spaces/target/classes"), REPO.resolve("spark-jobs/target/classes"));
    jars = fresh + "," + shaded;
  }

  @AfterAll
  static void stop() throws Exception {
    if (startedCluster) {
      LocalCluster.spark("stop", shared);
    }
  }

  @AfterEach
  void clearProperties() {
    for (String k : List.of("spark.jars", "spark.driver.host", "spark.driver.bindAddress", "spark.executor.memory",
        "spark.cores.max", "spark.ui.enabled", "spark.extraListeners", "spark.executor.extraJavaOptions")) {
      System.clearProperty(k);
    }
  }

  private JsonNode search(Path conf, String runId) throws Exception {
    System.setProperty("spark.jars", jars);
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.executor.memory", "1g");
    System.setProperty("spark.cores.max", "2");
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2");
    System.setProperty("spark.extraListeners", KillOneExecutor.class.getName());
    String port = System.getenv().getOrDefault("SPARKNAS_MASTER_PORT", "7077");
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", "spark://127.0.0.1:" + port,
        "--set", "nas.run-id=" + runId);
    return TinyJobs.json(Files.readString(tmp.resolve("runs").resolve(runId).resolve("result.json")));
  }

  @Test
  void killedExecutorDoesNotChangeTheResult() throws Exception {
    Path conf = TinyJobs.conf(tmp, "cluster.conf", "rsps", tmp.resolve("runs").toString(),
        "format = fashion-mnist, subset = 1024", "rsps.candidates = 8\n  train.shards = 2");
    KillOneExecutor.ARMED.set(false);
    JsonNode undisturbed = search(conf, "undisturbed");

    KillOneExecutor.KILLED.clear();
    KillOneExecutor.FAILED_TASKS.clear();
    KillOneExecutor.ARMED.set(true);
    JsonNode disturbed = search(conf, "disturbed");

    assertEquals(1, KillOneExecutor.KILLED.size(), "one executor must have been killed");
    assertFalse(ProcessHandle.of(KillOneExecutor.KILLED.get(0)).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(KillOneExecutor.FAILED_TASKS.isEmpty(), "the kill must have cost at least one task attempt");
    assertTrue(KillOneExecutor.FAILED_TASKS.stream().anyMatch(r -> r.contains("ExecutorLostFailure")),
        KillOneExecutor.FAILED_TASKS.toString());
    assertEquals(2, undisturbed.get("executors").asInt());
    assertEquals(8, undisturbed.get("candidates").size());
    assertEquals(undisturbed.get("architecture"), disturbed.get("architecture"));
    assertEquals(undisturbed.get("candidates"), disturbed.get("candidates"));
    assertEquals(undisturbed.get("supernet"), disturbed.get("supernet"));
  }
}
