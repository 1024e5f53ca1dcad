package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    e = assertThrows(FileAlreadyExistsException.class, () -> RunDirectory.create(out.toString(), "taken"));
    assertTrue(e.getMessage().contains(out.resolve("taken").toString()), e.getMessage());
  }

  @Test
  @DisplayName("run ids look like darts-20261128-121530-ab12; bad ids and paths are refused")
  void runIdsAndPaths() throws IOException {
    String id = RunDirectory.runId("fewshot-gm", Instant.parse("2026-11-28T12:15:30Z"));
    assertTrue(id.matches("fewshot-gm-20261128-121530-[0-9a-f]{4}"), id);
    assertThrows(IllegalArgumentException.class, () -> RunDirectory.runId("a/b", Instant.now()));
    assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(out.toString(), "../x"));
    assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(out.toString(), ".hidden"));
    try (RunDirectory run = RunDirectory.create(out.toString(), id)) {
      assertThrows(IllegalArgumentException.class, () -> run.writeText("../escape", "x"));
      assertThrows(IllegalArgumentException.class, () -> run.writeText("/abs", "x"));
      assertThrows(IllegalArgumentException.class, () -> run.writeText(RunDirectory.SUCCESS, ""));
    }
  }

  @Test
  @DisplayName("an interrupted run kept for resume is reopened by its id, checkpoints intact, then commits")
  void keepForResumeThenReopen() throws IOException {
    RunDirectory first = RunDirectory.resumeOrCreate(out.toString(), "rsps-9", new org.apache.hadoop.conf.Configuration());
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

    RunDirectory again = RunDirectory.resumeOrCreate(out.toString(), "rsps-9", new org.apache.hadoop.conf.Configuration());
    assertTrue(again.resumed());
    assertTrue(again.exists("checkpoints/rsps.ser"));
    assertArrayEquals(new byte[] {7, 8}, again.read("checkpoints/rsps.ser"));
    again.appendJsonLine("metrics.jsonl", Map.of("epoch", 2));
    again.commit();
    assertEquals("{\"epoch\":1}\n{\"epoch\":2}\n", Files.readString(out.resolve("rsps-9/metrics.jsonl")));
    assertTrue(Files.exists(out.resolve("rsps-9/_SUCCESS")));
    assertThrows(FileAlreadyExistsException.class,
        () -> RunDirectory.resumeOrCreate(out.toString(), "rsps-9", new org.apache.hadoop.conf.Configuration()),
        "a completed run is not reopened");
  }
}
