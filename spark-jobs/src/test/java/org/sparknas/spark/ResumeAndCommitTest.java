package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunLease;

/**
 * Resubmitting, resuming and finishing runs through {@code NasMain}, from one tiny DARTS search made
 * once: a complete run resubmitted with its config exits 0 with its {@code run:} line and changes
 * nothing, with another config exits 2 naming the keys; a final directory without {@code _SUCCESS}
 * (a commit an older release cut between rename and marker) is finished; an interrupted run refuses a
 * resume with other keys and otherwise resumes, recording the resume in its manifest with the search
 * time carried on; a run id whose lease another process holds is refused before Spark starts.
 */
@DisplayName("resubmit, resume and finish a run through NasMain")
class ResumeAndCommitTest {
  @TempDir static Path made;
  private static Path conf;
  private static Path done;

  @TempDir Path tmp;

  @BeforeAll
  static void searchOnce() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    Path runs = made.resolve("runs");
    conf = TinyJobs.conf(made, "job.conf", "darts", runs.toString(), TinyJobs.synthetic(), "");
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", "local[1]", "--set", "nas.run-id=done");
    done = runs.resolve("done");
  }

  @AfterAll
  static void clearProperties() {
    System.clearProperty("spark.ui.enabled");
  }

  /** A copy of the complete run under {@code <tmp>/runs/<name>}; the runs directory. */
  private Path copyOfRun(String name) throws IOException {
    Path runs = tmp.resolve("runs");
    Path copy = runs.resolve(name);
    try (Stream<Path> files = Files.walk(done)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(done.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return runs;
  }

  private TinyJobs.Outcome search(Path runs, String runId, String... more) {
    String[] args = Stream.concat(Stream.of("search", "--config", conf.toString(), "--master", "local[1]",
        "--set", "nas.output=" + runs, "--set", "nas.run-id=" + runId), Arrays.stream(more)).toArray(String[]::new);
    return TinyJobs.execute(args);
  }

  /** Every file under {@code dir} with its bytes' hash and modification time. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        FileTime t = Files.getLastModifiedTime(f);
        files.put(dir.relativize(f).toString(), Arrays.hashCode(Files.readAllBytes(f)) + "@" + t.toMillis());
      }
    }
    return files;
  }

  private static void assertOneError(TinyJobs.Outcome o, String start) {
    assertEquals(2, o.status(), o.toString());
    assertEquals(1, o.err().size(), "one line: " + o.err());
    assertTrue(o.err().get(0).startsWith("error: " + start), o.err().get(0));
    TinyJobs.assertNoActiveSparkContext();
  }

  @Test
  @DisplayName("a complete run resubmitted: same config (or other commands' blocks changed) exits 0 with its run line, another config exits 2; nothing changes")
  void resubmitted() throws Exception {
    Path runs = copyOfRun("done");
    Map<String, String> before = snapshot(runs);

    TinyJobs.Outcome same = search(runs, "done");
    assertEquals(0, same.status(), same.toString());
    assertEquals("run: file:" + runs.resolve("done"), same.out().get(same.out().size() - 1));
    TinyJobs.assertNoActiveSparkContext();
    assertEquals(0, search(runs, "done", "--set", "nas.train.log-every-seconds=5").status(),
        "log cadence cannot change the result");
    assertEquals(0, search(runs, "done", "--set", "nas.retrain.epochs=3", "--set", "nas.compare.retrain=true").status(),
        "other commands' blocks are not the search's");

    TinyJobs.Outcome other = search(runs, "done", "--set", "nas.method=rsps", "--set", "nas.seed=99");
    assertOneError(other, "nas.method, nas.seed: differ from the complete run done");
    assertTrue(other.err().get(0).contains("nas.seed was 5, now 99"), other.err().get(0));
    assertEquals(before, snapshot(runs), "nothing written, moved or left behind");
  }

  @Test
  @DisplayName("a final directory without _SUCCESS (cut between rename and marker) is finished by the resubmission")
  void unmarkedFinalDirectoryFinished() throws Exception {
    Path runs = copyOfRun("cut");
    Files.delete(runs.resolve("cut/" + RunDirectory.SUCCESS));

    TinyJobs.Outcome o = search(runs, "cut");
    assertEquals(0, o.status(), o.toString());
    assertTrue(o.out().get(o.out().size() - 1).startsWith("run: file:"), o.out().toString());
    assertTrue(Files.exists(runs.resolve("cut/" + RunDirectory.SUCCESS)));
    try (Stream<Path> names = Files.list(runs)) {
      assertEquals(1, names.count(), "no lease, no in-progress directory");
    }
  }

  @Test
  @DisplayName("an interrupted run: a resume with other keys is refused naming them; the same config resumes, recorded in the manifest")
  void interruptedRun() throws Exception {
    Path runs = copyOfRun("done");
    // what a kill after the last checkpoint, before the commit, leaves
    Files.delete(runs.resolve("done/" + RunDirectory.SUCCESS));
    Files.move(runs.resolve("done"), runs.resolve(".again.inprogress"));
    Map<String, String> interrupted = snapshot(runs);

    assertOneError(search(runs, "again", "--set", "nas.seed=99", "--set", "nas.train.epochs=2"),
        "nas.seed, nas.train.epochs: differ from the interrupted run again");
    assertEquals(interrupted, snapshot(runs), "the interrupted run is kept as it was, for a resume");

    TinyJobs.Outcome resumed = search(runs, "again");
    assertEquals(0, resumed.status(), resumed.toString());
    Path run = runs.resolve("again");
    JsonNode manifest = TinyJobs.json(Files.readString(run.resolve("manifest.json")));
    JsonNode first = TinyJobs.json(Files.readString(done.resolve("manifest.json")));
    assertEquals(first.get("start"), manifest.get("start"), "the run started when its first attempt did");
    assertEquals(1, manifest.get("resumes").size(), manifest.toPrettyString());
    JsonNode resume = manifest.get("resumes").get(0);
    assertEquals("darts", resume.get("checkpoint").asText());
    assertEquals(1, resume.get("metrics_rows").asInt());
    double before = resume.get("elapsed_seconds").asDouble();
    double total = manifest.get("elapsed_seconds").asDouble();
    assertTrue(before > 0 && total > before, "search time carried on: " + before + " s, then " + total + " s");
    assertEquals(total, TinyJobs.json(Files.readString(run.resolve("result.json"))).get("search_seconds").asDouble());
    assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size(), "the one epoch, once");
  }

  @Test
  @DisplayName("a run id whose lease another process holds is refused before Spark starts, naming the holder")
  void leaseHeld() throws Exception {
    Path runs = Files.createDirectories(tmp.resolve("runs"));
    FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    try (RunLease held = RunLease.acquire(local, new org.apache.hadoop.fs.Path(runs.toUri().toString(), ".busy.lease"))) {
      TinyJobs.Outcome o = search(runs, "busy");
      assertOneError(o, "nas.run-id: run busy is being written by pid " + ProcessHandle.current().pid() + " on host ");
      try (Stream<Path> names = Files.list(runs)) {
        assertEquals(1, names.count(), "only the lease: no in-progress directory");
      }
    }
    assertFalse(Files.exists(runs.resolve(".busy.lease")), "released by its holder");
  }
}
