package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.spark.cli.CommandLine;

/**
 * A whole search through {@code NasMain.run} with its data and its output on HDFS (an in-process
 * MiniDFSCluster): Fashion-MNIST-format IDX files are read from {@code hdfs://}, the run directory is
 * written there and read back through the Hadoop FileSystem API. A search cancelled mid-way (its
 * candidate-scoring Spark job is cancelled as it starts, after training) keeps only its hidden
 * in-progress directory with the training checkpoint for a resume, leaves no {@code _SUCCESS} and
 * no directory under the run's name.
 */
@DisplayName("search with data and output on HDFS (MiniDFSCluster)")
class SearchOnHdfsTest {

  @TempDir static File base;
  @TempDir Path tmp;
  private static MiniDFSCluster hdfs;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    hdfs = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    root = hdfs.getURI().toString();
    IdxFixtures.smallDataset(fs, "/fm");
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("spark.extraListeners");
    System.clearProperty("spark.ui.enabled");
  }

  private static String read(String uri) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path conf() throws IOException {
    return TinyJobs.conf(tmp, "hdfs.conf", "rsps", "runs-not-used",
        "format = fashion-mnist, path = \"/nonexistent\"", "rsps.candidates = 4");
  }

  private String[] args(String runId) throws IOException {
    return new String[] {"search", "--config", conf().toString(),
        "--set", "nas.data.path=" + root + "/fm", "--set", "nas.output=" + root + "/runs",
        "--set", "nas.run-id=" + runId, "--master", "local[2]"};
  }

  @Test
  @DisplayName("reads IDX data from hdfs://, commits result.json, config.conf, metrics.jsonl and _SUCCESS there")
  void searchOnHdfs() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    TinyJobs.runOk(args("on-hdfs"));

    String run = root + "/runs/on-hdfs";
    JsonNode result = TinyJobs.json(read(run + "/result.json"));
    assertEquals("rsps", result.get("method").asText());
    assertEquals("fashion-mnist", result.get("dataset").asText());
    assertEquals(4, result.get("candidates").size());
    String best = result.get("architecture").asText();
    double bestScore = -1;
    for (JsonNode c : result.get("candidates")) {
      bestScore = Math.max(bestScore, c.get("score").asDouble());
    }
    double bestOfBest = bestScore;
    assertTrue(streamOf(result.get("candidates")).anyMatch(c -> c.get("architecture").asText().equals(best)
        && c.get("score").asDouble() == bestOfBest), "architecture must be the best-scoring candidate");

    String config = read(run + "/config.conf");
    assertTrue(config.contains(root + "/fm"), config);
    assertTrue(config.contains(root + "/runs"), config);

    List<String> metrics = read(run + "/metrics.jsonl").lines().toList();
    assertEquals(1, metrics.size(), "one epoch row");
    assertEquals("rsps", TinyJobs.json(metrics.get(0)).get("phase").asText());
    JsonNode candidates = TinyJobs.json(read(run + "/events.jsonl").strip());
    assertEquals("candidates", candidates.get("kind").asText());
    assertEquals("on-hdfs", candidates.get("run_id").asText());
    assertEquals(best, candidates.get("architecture").asText());
    assertTrue(names(run + "/tables").containsAll(List.of("metrics", "candidates")), "the tables are on HDFS too");

    FileStatus success = fs.getFileStatus(new org.apache.hadoop.fs.Path(run + "/" + RunDirectory.SUCCESS));
    assertEquals(0, success.getLen());
    assertEquals(List.of("on-hdfs"), names(root + "/runs").stream().filter(n -> n.contains("on-hdfs")).toList(),
        "no temporary directory may be left");
  }

  @Test
  @DisplayName("spark.hadoop.fs.defaultFS reaches the data readers: a scheme-less data path is read from HDFS")
  void sparkHadoopKeysPassThrough() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.hadoop.fs.defaultFS", root);
    Path runs = tmp.resolve("runs");
    try {
      // /fm exists only on HDFS; a scheme-less output stays local by design (RunDirectory)
      TinyJobs.runOk("search", "--config", conf().toString(), "--set", "nas.data.path=/fm",
          "--set", "nas.output=" + runs, "--set", "nas.run-id=pass-through", "--master", "local[1]");
    } finally {
      System.clearProperty("spark.hadoop.fs.defaultFS");
    }
    JsonNode result = TinyJobs.json(Files.readString(runs.resolve("pass-through/result.json")));
    assertEquals("fashion-mnist", result.get("dataset").asText());
    assertEquals(4, result.get("candidates").size());
  }

  @Test
  @DisplayName("--config hdfs:///... is read with spark.hadoop.fs.defaultFS; without it the error names fs.defaultFS")
  void configFromHdfs() throws Exception {
    try (java.io.OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/jobs/x.conf"))) {
      out.write(Files.readAllBytes(conf()));
    }
    String[] args = {"search", "--config", "hdfs:///jobs/x.conf", "--set", "nas.rsps.candidates=5"};
    org.sparknas.core.config.ConfigException e = assertThrows(org.sparknas.core.config.ConfigException.class,
        () -> NasMain.resolve(CommandLine.parse(args)));
    assertEquals("--config", e.key());
    assertTrue(e.getMessage().contains("fs.defaultFS"), e.getMessage());

    // what spark-submit makes of --conf spark.hadoop.fs.defaultFS=... or a properties file's line
    System.setProperty("spark.hadoop.fs.defaultFS", root);
    try {
      org.sparknas.core.config.NasConfig job = NasMain.resolve(CommandLine.parse(args));
      assertEquals("rsps", job.method());
      assertEquals("/nonexistent", job.data().path(), "the file's own keys");
      assertEquals(5, job.settings().config().getInt("nas.rsps.candidates"), "--set over the file");
    } finally {
      System.clearProperty("spark.hadoop.fs.defaultFS");
    }
  }

  private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l.stream();
  }

  private static List<String> names(String dir) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
    if (!fs.exists(p)) {
      return List.of();
    }
    return Arrays.stream(fs.listStatus(p)).map(s -> s.getPath().getName()).toList();
  }

  /**
   * Cancels every Spark job of the search as it starts and remembers its description (installed through
   * spark.extraListeners).
   */
  public static final class CancelEveryJob extends SparkListener {
    static final List<String> CANCELLED = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String description = String.valueOf(job.properties().getProperty("spark.job.description"));
      if (description.startsWith("backend/")) {
        return; // the runner's check of nas.backend on the executors, before the search: not the search's work
      }
      CANCELLED.add(description);
      SparkContext$.MODULE$.getActive().get().cancelJob(job.jobId());
    }
  }

  @Test
  @DisplayName("a search cancelled mid-way leaves no _SUCCESS and no final-named directory, only its checkpoints")
  void cancelledSearchLeavesNothing() throws Exception {
    CancelEveryJob.CANCELLED.clear();
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.extraListeners", CancelEveryJob.class.getName());

    Exception e = assertThrows(Exception.class, () -> NasMain.run(args("cancelled")));
    assertTrue(String.valueOf(e.getMessage()).contains("rsps/candidates"), String.valueOf(e.getMessage()));
    assertEquals(List.of("rsps/candidates"), CancelEveryJob.CANCELLED, "cancelled after training, at scoring");
    TinyJobs.assertNoActiveSparkContext();

    // training finished, so its checkpoint is kept (hidden in-progress name) for a resume; nothing looks complete
    assertEquals(List.of(".cancelled.inprogress"),
        names(root + "/runs").stream().filter(n -> n.contains("cancelled")).toList());
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(root + "/runs"), true);
    while (files.hasNext()) {
      org.apache.hadoop.fs.Path p = files.next().getPath();
      assertFalse(p.getName().equals("_SUCCESS") && p.toString().contains("cancelled"), "looks complete: " + p);
      assertFalse(p.toString().contains("cancelled/"), "final-named directory: " + p);
    }
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(root + "/runs/.cancelled.inprogress/checkpoints/rsps.ser")));
  }
}
