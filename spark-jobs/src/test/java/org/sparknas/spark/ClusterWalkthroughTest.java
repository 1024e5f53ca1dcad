package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough of docs/cluster.md, run line by line as a user types it: bin/cluster starts a Spark
 * Master, two Workers, a NameNode and a DataNode; the HDFS shell puts Fashion-MNIST and the job config
 * there; {@code bin/nas submit-line} prints exactly the line the page shows, and that line (spark-submit
 * through bin/cluster) runs the search with its config read from, its data read from, and its run
 * directory and event log written to HDFS; bin/cluster stop ends every daemon. Then a second submit
 * whose executors no worker can host fails with exit status 2 instead of waiting forever.
 * Several minutes, so tagged {@code cluster} and excluded by default. Build the spark-submit jar first:
 * <pre>
 * mvn -o -B -pl spark-jobs -am package -Pshade -DskipTests
 * mvn -o -B -pl spark-jobs -am test -Dgroups=cluster -Dexcluded.groups=none \
 *     -Dtest='ClusterWalkthroughTest' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The cluster keeps its state (and a freshly formatted HDFS) in a temporary directory; the ports are
 * bin/cluster's defaults unless SPARKNAS_MASTER_PORT, SPARKNAS_UI_PORT, SPARKNAS_HDFS_PORT and
 * SPARKNAS_HDFS_UI_PORT say otherwise.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("docs/cluster.md walkthrough: bin/cluster with HDFS, config, data, run and event log on HDFS")
class ClusterWalkthroughTest {
  private static final Path DOC = LocalCluster.REPO.resolve("docs/cluster.md");
  private static final String MASTER_PORT = System.getenv().getOrDefault("SPARKNAS_MASTER_PORT", "7077");
  private static final String HDFS_PORT = System.getenv().getOrDefault("SPARKNAS_HDFS_PORT", "8020");

  @TempDir static Path state;
  @TempDir static Path logs;
  private static Map<String, String> env;
  private static int step;

  @BeforeAll
  static void environment() throws IOException {
    try (Stream<Path> files = Files.list(LocalCluster.REPO.resolve("spark-jobs/target"))) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith("-shaded.jar")),
          "build the shaded jar first: mvn -pl spark-jobs -am package -Pshade -DskipTests");
    }
    env = Map.of("SPARKNAS_CLUSTER_DIR", state.toString());
  }

  @AfterAll
  static void stopEverything() throws Exception {
    LocalCluster.shell("bin/cluster stop", env, logs.resolve("final-stop.log"), Duration.ofMinutes(2));
  }

  /** Runs a command line of the walkthrough; returns its output, failing the test on a non-zero exit. */
  private static String run(String line, Duration timeout) throws Exception {
    Path out = logs.resolve(String.format("%02d.log", ++step));
    long start = System.nanoTime();
    int status = LocalCluster.shell(line, env, out, timeout);
    String output = Files.readString(out);
    System.out.printf("%5.1f s  %s%n", (System.nanoTime() - start) / 1e9, line);
    assertEquals(0, status, line + "\n" + output);
    return output;
  }

  /** The command lines of the walkthrough's bash blocks, in order. */
  static List<String> walkthrough() throws IOException {
    String page = Files.readString(DOC);
    int from = page.indexOf("### Walkthrough");
    assertTrue(from >= 0, "docs/cluster.md has no walkthrough");
    int to = page.indexOf("\n## ", from);
    Matcher blocks = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(page.substring(from, to));
    List<String> lines = new ArrayList<>();
    while (blocks.find()) {
      blocks.group(1).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(lines::add);
    }
    return lines;
  }

  @Test
  @Order(1)
  @DisplayName("every line runs; submit-line prints the next line; the run, its files and the event log are on HDFS")
  void walkthroughRunsAsWritten() throws Exception {
    List<String> lines = walkthrough();
    assertEquals("bin/cluster start", lines.get(0));
    assertEquals("bin/cluster stop", lines.get(lines.size() - 1));
    String runUri = null;
    List<Long> daemons = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.equals("bin/cluster stop")) {
        daemons.addAll(pids());
        assertEquals(5, daemons.size(), "master, two workers, namenode and datanode");
        checkHdfs(runUri);
      }
      String output = run(line, Duration.ofMinutes(line.startsWith("bin/cluster submit") ? 15 : 3));
      if (line.startsWith("bin/nas submit-line")) {
        assertEquals(lines.get(i + 1).replace("spark://127.0.0.1:7077", "spark://127.0.0.1:" + MASTER_PORT),
            output.strip(), "bin/nas submit-line prints the page's next line");
      } else if (line.startsWith("bin/cluster submit")) {
        // stdout's last line (Spark's shutdown hooks log on stderr after it)
        runUri = output.lines().filter(l -> l.startsWith("run: ")).reduce((a, b) -> b).orElse("run: (no such line)")
            .substring("run: ".length());
        assertTrue(runUri.startsWith("hdfs://127.0.0.1:" + HDFS_PORT + "/sparknas/runs/rsps-"), runUri);
      }
    }
    // a stopped daemon stays a zombie until init reaps it, and a zombie counts as alive: allow that a moment
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (long pid : daemons) {
      while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
    }
  }

  private static List<Long> pids() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("run"))) {
      return files.map(f -> {
        try {
          return Long.parseLong(Files.readString(f).strip());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  /** The cluster's HDFS as its own client settings describe it. */
  private static FileSystem hdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.addResource(new org.apache.hadoop.fs.Path(state.resolve("hadoop-conf/core-site.xml").toUri()));
    conf.addResource(new org.apache.hadoop.fs.Path(state.resolve("hadoop-conf/hdfs-site.xml").toUri()));
    return FileSystem.newInstance(conf);
  }

  private static String read(FileSystem fs, String path) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The committed run, one replica per block, an application named after the run, an event log on HDFS. */
  private static void checkHdfs(String runUri) throws Exception {
    assertTrue(runUri != null, "the walkthrough submitted no search");
    String runId = runUri.substring(runUri.lastIndexOf('/') + 1);
    try (FileSystem fs = hdfs()) {
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path(runUri + "/_SUCCESS")), runUri);
      JsonNode result = TinyJobs.json(read(fs, runUri + "/result.json"));
      assertEquals("rsps", result.get("method").asText());
      assertEquals(8, result.get("candidates").size());
      JsonNode manifest = TinyJobs.json(read(fs, runUri + "/manifest.json"));
      assertEquals(runId, manifest.get("run_id").asText());
      Matcher executors = Pattern.compile("executors \\[([^]]*)]").matcher(manifest.get("runner").asText());
      assertTrue(executors.find(), manifest.get("runner").asText());
      assertEquals(2, executors.group(1).split(", ").length, "two executors, the driver not among them: "
          + manifest.get("runner").asText());
      assertTrue(read(fs, runUri + "/config.conf").contains("hdfs:///datasets/fashion-mnist"));

      // the client wrote with the cluster's hdfs-site.xml: one replica, as for the data the shell put there
      for (String dir : List.of(runUri, "/datasets/fashion-mnist", "/spark-logs")) {
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
        int n = 0;
        while (files.hasNext()) {
          LocatedFileStatus f = files.next();
          assertEquals(1, f.getReplication(), f.getPath().toString());
          n++;
        }
        assertTrue(n > 0, "no files in " + dir);
      }

      FileStatus[] eventLogs = fs.listStatus(new org.apache.hadoop.fs.Path("/spark-logs"));
      assertEquals(1, eventLogs.length, "one application, one event log");
      String events = read(fs, eventLogs[0].getPath().toString());
      assertTrue(events.contains("\"App Name\":\"SparkNAS rsps " + runId + "\""), "application name");
      assertTrue(events.contains("SparkListenerApplicationEnd"), "the event log is complete");
    }
  }

  @Test
  @Order(2)
  @DisplayName("executors no worker can host: exit status 2 naming the request, not a wait forever")
  void unmetRequestFails() throws Exception {
    run("bin/cluster start", Duration.ofMinutes(3));
    String jar;
    try (Stream<Path> files = Files.list(LocalCluster.REPO.resolve("spark-jobs/target"))) {
      jar = "spark-jobs/target/" + files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-shaded.jar"))
          .findFirst().orElseThrow();
    }
    // the restarted HDFS kept the walkthrough's files; 4-core executors do not fit 1-core workers
    String line = "bin/cluster submit --class org.sparknas.spark.NasMain --master spark://127.0.0.1:" + MASTER_PORT
        + " --properties-file conf/cluster/spark-defaults-standalone.conf --conf spark.driver.memory=1g"
        + " --conf spark.nas.executor-wait=20s " + jar + " search --config hdfs:///jobs/rsps.conf";
    Path out = logs.resolve("unmet.log");
    long start = System.nanoTime();
    int status = LocalCluster.shell(line, env, out, Duration.ofMinutes(3));
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(out);
    System.out.printf("%5.1f s  %s%n", seconds, line);
    assertEquals(2, status, output);
    assertTrue(output.contains("error: spark.executor.cores/spark.executor.memory: no executor started within 20 s"
        + " on spark://127.0.0.1:" + MASTER_PORT + " for spark.executor.cores=4, spark.executor.memory=4g"), output);
    assertTrue(seconds < 120, "failed after " + seconds + " s");
  }
}
