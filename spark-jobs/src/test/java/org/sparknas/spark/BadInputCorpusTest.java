package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunLease;
import org.sparknas.core.strategy.Strategies;

/**
 * The corpus of bad inputs to {@code nas search}, each run through {@code NasMain} as {@code bin/nas}
 * runs it: exit status 2, one line on stderr that starts with {@code error: } and names the key, option
 * or file, no SparkContext started, and the output directory exactly as it was (no run directory, no
 * in-progress directory, no lease). Permission cases run as user {@code alice} against an in-process
 * MiniDFSCluster, where permissions hold even for a test running as root.
 */
@DisplayName("bad input corpus: exit 2, one line naming the key, before Spark, nothing left behind")
class BadInputCorpusTest {
  @TempDir static Path base;
  @TempDir static File hdfsBase;
  private static MiniDFSCluster hdfs;
  private static RunLease busy;
  private static Path conf;
  private static Path runs;

  /**
   * One bad input: its command line and the start of its error line, both given the HDFS root; with
   * {@code asAlice} it runs as that user.
   */
  record Case(String name, Function<String, List<String>> args, Function<String, String> says, boolean asAlice) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code search --config <job> --master local[1] <more>}. */
  private static List<String> search(String... more) {
    return Stream.concat(Stream.of("search", "--config", conf.toString(), "--master", "local[1]"), Stream.of(more))
        .toList();
  }

  private static Case of(String name, String says, String... more) {
    return new Case(name, root -> search(more), root -> says, false);
  }

  static Stream<Case> corpus() {
    return Stream.of(
        of("--master foo://bar", "--master: 'foo://bar' is not a Spark master URL", "--master", "foo://bar"),
        of("--master local[abc]", "--master: 'local[abc]' is not a Spark master URL", "--master", "local[abc]"),
        of("unknown option", "--frobnicate: unknown option of search", "--frobnicate", "3"),
        of("misspelt option", "--mastr: unknown option of search (did you mean --master?)", "--mastr", "local[1]"),
        new Case("unknown command", root -> List.of("serch", "--config", conf.toString()),
            root -> "command: unknown command 'serch' (did you mean search?)", false),
        of("misspelt key", "nas.train.epoch: unknown key (did you mean nas.train.epochs?)", "--set",
            "nas.train.epoch=3"),
        of("fractional epochs", "nas.train.epochs: expected a whole number", "--set", "nas.train.epochs=2.5"),
        of("output with no filesystem", "nas.output: 'foo://x': No FileSystem for scheme \"foo\"", "--set",
            "nas.output=foo://x"),
        of("output is a file", "nas.output: file:" + base.resolve("a-file") + " is a file", "--set",
            "nas.output=" + base.resolve("a-file")),
        new Case("output not writable", root -> search("--set", "nas.output=" + root + "/locked/runs"),
            root -> "nas.output: permission denied: user alice cannot write in " + root + "/locked/runs", true),
        of("run id ../x", "nas.run-id: '../x' must be one path segment", "--set", "nas.run-id=../x"),
        of("run id of a complete run, other config", "nas.seed: differs from the complete run done (nas.seed was 5,"
            + " now 6)", "--set", "nas.run-id=done", "--set", "nas.seed=6"),
        of("resume with another key", "nas.train.epochs: differs from the interrupted run halfway", "--set",
            "nas.run-id=halfway", "--set", "nas.train.epochs=3"),
        of("run id held by another process", "nas.run-id: run busy is being written by pid "
            + ProcessHandle.current().pid(), "--set", "nas.run-id=busy"),
        of("subset larger than the data", "nas.data.subset: 100 images asked for, but the synthetic training set has 64",
            "--set", "nas.data.subset=100"),
        of("eval-subset larger than the split", "nas.train.eval-subset: 1000 images to score, but the "
            + "architecture-validation half has 32", "--set", "nas.train.eval-subset=1000"),
        new Case("data directory not readable", root -> search("--set", "nas.data.format=fashion-mnist",
            "--set", "nas.data.path=" + root + "/fm-locked"),
            root -> root + "/fm-locked/train-images-idx3-ubyte.gz: permission denied", true),
        new Case("missing config file", root -> List.of("search", "--config", "/nonexistent/job.conf"),
            root -> "--config: file not found", false));
  }

  @BeforeAll
  static void plant() throws Exception {
    runs = Files.createDirectories(base.resolve("runs"));
    conf = TinyJobs.conf(base, "job.conf", "darts", runs.toString(), TinyJobs.synthetic(), "");
    Files.writeString(base.resolve("a-file"), "not a directory");
    String config = NasConfig.from(ConfigLoader.load(conf.toString(), Map.of()), Strategies::check).render();
    // a complete run and an interrupted one, both started with seed 5 and one epoch
    Files.createDirectories(runs.resolve("done"));
    Files.writeString(runs.resolve("done/config.conf"), config, StandardCharsets.UTF_8);
    Files.writeString(runs.resolve("done/result.json"), "{}");
    Files.createFile(runs.resolve("done/" + RunDirectory.SUCCESS));
    Files.createDirectories(runs.resolve(".halfway.inprogress"));
    Files.writeString(runs.resolve(".halfway.inprogress/config.conf"), config, StandardCharsets.UTF_8);
    busy = RunLease.acquire(FileSystem.getLocal(new Configuration()).getRawFileSystem(),
        new org.apache.hadoop.fs.Path(runs.toUri().toString(), ".busy.lease"));

    hdfs = new MiniDFSCluster.Builder(new Configuration(), hdfsBase).numDataNodes(1).build();
    hdfs.waitActive();
    FileSystem fs = hdfs.getFileSystem();
    for (String dir : List.of("/locked", "/fm-locked")) {
      fs.mkdirs(new org.apache.hadoop.fs.Path(dir), new FsPermission((short) 0700));
    }
  }

  @AfterAll
  static void stop() throws IOException {
    busy.close();
    hdfs.shutdown();
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void refused(Case c) throws Exception {
    List<String> before = listing(runs);
    String root = hdfs.getURI().toString();
    String[] args = c.args().apply(root).toArray(String[]::new);

    TinyJobs.Outcome o = c.asAlice()
        ? UserGroupInformation.createRemoteUser("alice").doAs((PrivilegedExceptionAction<TinyJobs.Outcome>)
            () -> TinyJobs.execute(args))
        : TinyJobs.execute(args);

    assertEquals(2, o.status(), o.toString());
    assertEquals(1, o.err().size(), "one line: " + o.err());
    assertTrue(o.err().get(0).startsWith("error: " + c.says().apply(root)), o.err().get(0));
    TinyJobs.assertNoActiveSparkContext();
    assertEquals(before, listing(runs), "the output is as it was");
  }
}
