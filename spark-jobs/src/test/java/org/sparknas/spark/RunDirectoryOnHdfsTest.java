package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.report.RunDirectory;

@DisplayName("RunDirectory on HDFS (in-process MiniDFSCluster)")
class RunDirectoryOnHdfsTest {

  @TempDir static File base;
  private static MiniDFSCluster hdfs;
  private static FileSystem fs;
  private static Configuration conf;
  private static String output;

  @BeforeAll
  static void startHdfs() throws IOException {
    conf = new Configuration();
    hdfs = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    output = hdfs.getURI() + "/nas/runs";
  }

  @AfterAll
  static void stopHdfs() {
    hdfs.shutdown();
  }

  private static String read(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("write config/result/metrics/checkpoint, commit, read back exact contents and _SUCCESS")
  void commitAndReadBack() throws IOException {
    RunDirectory run = RunDirectory.create(output, "darts-20261128-121530-ab12", conf);
    run.writeText("config.conf", "nas { method = darts, seed = 0 }\n");
    run.writeJson("result.json", Map.of("method", "darts"));
    run.appendJsonLine("metrics.jsonl", Map.of("epoch", 0));
    run.appendJsonLine("metrics.jsonl", Map.of("epoch", 1));
    try (OutputStream s = run.create("checkpoints/alpha.bin")) {
      s.write(new byte[] {9, 8, 7});
    }
    Path dir = new Path(run.uri());
    assertFalse(fs.exists(dir), "final name must not exist before commit");

    run.commit();

    assertEquals(hdfs.getURI() + "/nas/runs/darts-20261128-121530-ab12", run.uri().toString());
    assertEquals("nas { method = darts, seed = 0 }\n", read(new Path(dir, "config.conf")));
    assertEquals("{\"method\":\"darts\"}\n", read(new Path(dir, "result.json")));
    assertEquals("{\"epoch\":0}\n{\"epoch\":1}\n", read(new Path(dir, "metrics.jsonl")));
    try (InputStream in = fs.open(new Path(dir, "checkpoints/alpha.bin"))) {
      assertArrayEquals(new byte[] {9, 8, 7}, in.readAllBytes());
    }
    assertEquals(0, fs.getFileStatus(new Path(dir, RunDirectory.SUCCESS)).getLen());
    assertFalse(fs.exists(new Path(output, ".darts-20261128-121530-ab12.inprogress")));
  }

  @Test
  @DisplayName("aborted and never-committed runs leave no final dir and no _SUCCESS")
  void abortLeavesNothing() throws IOException {
    RunDirectory aborted = RunDirectory.create(output, "aborted", conf);
    aborted.writeText("config.conf", "x");
    aborted.abort();
    try (RunDirectory dropped = RunDirectory.create(output, "dropped", conf)) {
      dropped.writeJson("result.json", Map.of("a", 1));
    }
    String[] names = Arrays.stream(fs.listStatus(new Path(output)))
        .map(FileStatus::getPath).map(Path::getName).toArray(String[]::new);
    assertFalse(Arrays.asList(names).contains("aborted"), Arrays.toString(names));
    assertFalse(Arrays.asList(names).contains("dropped"), Arrays.toString(names));
    assertTrue(Arrays.stream(names).noneMatch(n -> n.contains("aborted") || n.contains("dropped")),
        "temporary dirs must be gone too: " + Arrays.toString(names));
  }

  @Test
  @DisplayName("commit refuses an existing final dir, names it, and does not move into it")
  void refusesExistingFinalDir() throws IOException {
    RunDirectory run = RunDirectory.create(output, "taken", conf);
    run.writeText("config.conf", "x");
    fs.mkdirs(new Path(output, "taken"));

    IOException e = assertThrows(FileAlreadyExistsException.class, run::commit);
    assertTrue(e.getMessage().contains(hdfs.getURI() + "/nas/runs/taken"), e.getMessage());
    assertEquals(0, fs.listStatus(new Path(output, "taken")).length, "existing dir must stay untouched");
    run.close();
  }
}
