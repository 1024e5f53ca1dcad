package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigException;

@DisplayName("RunDirectory on local disk")
class RunDirectoryTest {

  record Epoch(int epoch, double loss, Instant at) {}

  @TempDir Path out;

  @Test
  @DisplayName("writes under a hidden name, commits to <output>/<runId> with _SUCCESS, contents exact")
  void writeCommitReadBack() throws IOException {
    RunDirectory run = RunDirectory.create(out.toString(), "darts-1");
    run.writeText("config.conf", "nas { method = darts }\n");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("method", "darts");
    result.put("seed", 7);
    run.writeJson("result.json", result);
    run.appendJsonLine("metrics.jsonl", new Epoch(0, 2.5, Instant.parse("2026-11-28T12:15:30Z")));
    run.appendJsonLine("metrics.jsonl", Map.of("epoch", 1));
    try (OutputStream s = run.create("checkpoints/step-1.bin")) {
      s.write(new byte[] {1, 2, 3});
    }
    assertFalse(Files.exists(out.resolve("darts-1")), "final name must not appear before commit");
    assertTrue(Files.isDirectory(out.resolve(".darts-1.inprogress")));

    run.commit();
    run.close();

    Path dir = out.resolve("darts-1");
    assertEquals("file:" + dir, run.uri().toString());
    assertEquals("nas { method = darts }\n", Files.readString(dir.resolve("config.conf")));
    assertEquals("{\"method\":\"darts\",\"seed\":7}\n", Files.readString(dir.resolve("result.json")),
        "one line: Spark's JSON reader reads it without multiLine");
    assertEquals("{\"epoch\":0,\"loss\":2.5,\"at\":\"2026-11-28T12:15:30Z\"}\n{\"epoch\":1}\n",
        Files.readString(dir.resolve("metrics.jsonl")));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("checkpoints/step-1.bin")));
    assertEquals(0, Files.size(dir.resolve(RunDirectory.SUCCESS)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("_SUCCESS", "checkpoints", "config.conf", "metrics.jsonl", "result.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertFalse(Files.exists(out.resolve(".darts-1.inprogress")));
    assertThrows(IllegalStateException.class, () -> run.writeText("late.txt", "x"));
  }

  @Test
  @DisplayName("abort and close-without-commit leave no final dir, no _SUCCESS, no temporary dir")
  void abortLeavesNothing() throws IOException {
    try (RunDirectory run = RunDirectory.create(out.toString(), "never-committed")) {
      run.writeJson("result.json", Map.of("a", 1));
    }
    RunDirectory aborted = RunDirectory.create("file://" + out, "aborted");
    aborted.writeText("config.conf", "x");
    aborted.abort();
    try (var files = Files.walk(out)) {
      assertEquals(List.of(out), files.toList());
    }
  }

  @Test
  @DisplayName("commit refuses an existing final dir and names it; create refuses it up front")
  void refusesExistingFinalDir() throws IOException {
    RunDirectory run = RunDirectory.create(out.toString(), "taken");
    run.writeText("config.conf", "x");
    Files.createDirectory(out.resolve("taken"));

    IOException e = assertThrows(FileAlreadyExistsException.class, run::commit);
    assertTrue(e.getMessage().contains(out.resolve("taken").toString()), e.getMessage());
    assertFalse(Files.exists(out.resolve("taken/config.conf")), "must not move into the existing dir");
    assertFalse(Files.exists(out.resolve("taken/" + RunDirectory.SUCCESS)));
    run.close();
    assertFalse(Files.exists(out.resolve(".taken.inprogress")));

    ConfigException taken = assertThrows(ConfigException.class, () -> RunDirectory.create(out.toString(), "taken"));
    assertEquals("nas.run-id", taken.key());
    assertTrue(taken.getMessage().contains(out.resolve("taken").toString()), taken.getMessage());
  }

  @Test
  @DisplayName("run ids look like darts-20261128-121530-ab12; bad ids and paths are refused")
  void runIdsAndPaths() throws IOException {
    String id = RunDirectory.runId("fewshot-gm", Instant.parse("2026-11-28T12:15:30Z"));
    assertTrue(id.matches("fewshot-gm-20261128-121530-[0-9a-f]{4}"), id);
    assertThrows(IllegalArgumentException.class, () -> RunDirectory.runId("a/b", Instant.now()));
    assertEquals("nas.run-id", assertThrows(ConfigException.class, () -> RunDirectory.create(out.toString(), "../x")).key());
    assertEquals("nas.run-id", assertThrows(ConfigException.class, () -> RunDirectory.create(out.toString(), ".hidden")).key());
    try (RunDirectory run = RunDirectory.create(out.toString(), id)) {
      assertThrows(IllegalArgumentException.class, () -> run.writeText("../escape", "x"));
      assertThrows(IllegalArgumentException.class, () -> run.writeText("/abs", "x"));
      assertThrows(IllegalArgumentException.class, () -> run.writeText(RunDirectory.SUCCESS, ""));
    }
  }

  @Test
  @DisplayName("an interrupted run kept for resume is reopened by its id, checkpoints intact, then commits")
  void keepForResumeThenReopen() throws IOException {
    RunDirectory first = RunDirectory.resumeOrCreate(out.toString(), "rsps-9", new Configuration());
    assertFalse(first.resumed());
    first.writeAtomically("checkpoints/rsps.ser", new byte[] {4, 5, 6});
    first.writeAtomically("checkpoints/rsps.ser", new byte[] {7, 8});
    first.appendJsonLine("metrics.jsonl", Map.of("epoch", 1));
    first.keepForResume();
    assertTrue(Files.isDirectory(out.resolve(".rsps-9.inprogress")), "kept for a resume");
    assertFalse(Files.exists(out.resolve("rsps-9")), "nothing looks complete");
    try (var files = Files.list(out.resolve(".rsps-9.inprogress/checkpoints"))) {
      assertEquals(List.of("rsps.ser"), files.map(f -> f.getFileName().toString()).toList(), "no partial file left");
    }

    RunDirectory again = RunDirectory.resumeOrCreate(out.toString(), "rsps-9", new Configuration());
    assertTrue(again.resumed());
    assertTrue(again.exists("checkpoints/rsps.ser"));
    assertArrayEquals(new byte[] {7, 8}, again.read("checkpoints/rsps.ser"));
    again.appendJsonLine("metrics.jsonl", Map.of("epoch", 2));
    again.commit();
    assertEquals("{\"epoch\":1}\n{\"epoch\":2}\n", Files.readString(out.resolve("rsps-9/metrics.jsonl")));
    assertTrue(Files.exists(out.resolve("rsps-9/_SUCCESS")));

    RunDirectory complete = RunDirectory.resumeOrCreate(out.toString(), "rsps-9", new Configuration());
    assertEquals(RunDirectory.Found.COMPLETE, complete.found(), "a completed run is found complete, not reopened");
    assertEquals("{\"epoch\":1}\n{\"epoch\":2}\n", new String(complete.read("metrics.jsonl"), StandardCharsets.UTF_8));
    assertThrows(IllegalStateException.class, () -> complete.writeText("x", "y"), "nothing can be written");
    complete.close();
    assertTrue(Files.exists(out.resolve("rsps-9/metrics.jsonl")), "closing a complete run changes nothing");
    assertEquals(List.of("rsps-9"), names(out));
  }

  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  @DisplayName("a commit cut between its marker and the rename is finished by the next open: renamed, complete")
  void finishesMarkedInProgressDirectory() throws IOException {
    Files.createDirectories(out.resolve(".cut.inprogress"));
    Files.writeString(out.resolve(".cut.inprogress/result.json"), "{}");
    Files.createFile(out.resolve(".cut.inprogress/" + RunDirectory.SUCCESS));

    RunDirectory dir = RunDirectory.resumeOrCreate(out.toString(), "cut", new Configuration());
    assertEquals(RunDirectory.Found.COMPLETE, dir.found());
    assertEquals(List.of("cut"), names(out), "renamed; no in-progress directory and no lease left");
    assertEquals(List.of(RunDirectory.SUCCESS, "result.json"), names(out.resolve("cut")));
  }

  @Test
  @DisplayName("a final directory without _SUCCESS (an older release renamed first, then was killed) is marked complete")
  void finishesUnmarkedFinalDirectory() throws IOException {
    Files.createDirectories(out.resolve("old"));
    Files.writeString(out.resolve("old/result.json"), "{}");

    RunDirectory dir = RunDirectory.resumeOrCreate(out.toString(), "old", new Configuration());
    assertEquals(RunDirectory.Found.COMPLETE, dir.found());
    assertEquals(List.of(RunDirectory.SUCCESS, "result.json"), names(out.resolve("old")));
    assertEquals(List.of("old"), names(out));

    Files.createDirectories(out.resolve("not-a-run"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> RunDirectory.resumeOrCreate(out.toString(), "not-a-run", new Configuration()));
    assertEquals("nas.run-id", e.key());
    assertTrue(e.getMessage().contains("holds no run"), e.getMessage());
    assertEquals(List.of(), names(out.resolve("not-a-run")), "a directory that is no run is left as it was");
  }

  @Test
  @DisplayName("commit puts _SUCCESS inside the in-progress directory, so it arrives with the rename")
  void commitMarksBeforeRename() throws IOException {
    RunDirectory run = RunDirectory.create(out.toString(), "marked");
    run.writeText("result.json", "{}");
    run.commit();
    assertEquals(List.of(RunDirectory.SUCCESS, "result.json"), names(out.resolve("marked")));
    assertEquals(List.of("marked"), names(out), "no lease and no in-progress directory after a commit");
  }

  @Test
  @DisplayName("nas.output that is a file, has no filesystem, or is not a path is refused naming nas.output")
  void unusableOutput() throws IOException {
    Path file = Files.writeString(out.resolve("a-file"), "x");
    for (String output : List.of(file.toString(), "foo://x/runs", "")) {
      ConfigException e = assertThrows(ConfigException.class, () -> RunDirectory.create(output, "r"), output);
      assertEquals("nas.output", e.key(), e.getMessage());
    }
    assertTrue(assertThrows(ConfigException.class, () -> RunDirectory.create(file.toString(), "r")).getMessage()
        .contains("is a file"));
    assertTrue(assertThrows(ConfigException.class, () -> RunDirectory.create("foo://x/runs", "r")).getMessage()
        .contains("foo"));
  }
}
