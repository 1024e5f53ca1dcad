package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.spaces.nb201.Nb201Architecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code nas search} end to end through {@link NasMain#run}: a tiny synthetic search writes the run
 * directory of DESIGN.md §4, and bad input fails with a {@link ConfigException} and leaves nothing behind.
 */
class NasMainSearchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EPOCHS = 2;

  @TempDir
  Path tmp;

  /** nb201 with C=4, one cell, one stage, on 128 synthetic 8x8 images; 2 epochs of 2 steps of 16. */
  private Path config(String method) throws IOException {
    Path f = tmp.resolve(method + ".conf");
    Files.writeString(f, String.join("\n",
        "nas {",
        "  method = " + method,
        "  seed = 7",
        "  space { name = nb201, channels = 4, cells = 1, stages = 1 }",
        "  data {",
        "    format = synthetic",
        "    path = \"\"",
        "    synthetic { size = 128, classes = 4, height = 8, width = 8 }",
        "  }",
        "  train { epochs = " + EPOCHS + ", batch-size = 16, steps-per-epoch = 2, eval-batch-size = 64 }",
        "  rsps { candidates = 4 }",
        "}"), StandardCharsets.UTF_8);
    return f;
  }

  private Path output() throws IOException {
    return Files.createDirectories(tmp.resolve("runs"));
  }

  private int search(String method, Path out, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("search", "--config", config(method).toString(),
        "--set", "nas.output=" + out));
    args.addAll(List.of(more));
    return NasMain.run(args.toArray(String[]::new));
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  /** The one committed run directory under {@code out}; no in-progress directory is left. */
  private static Path onlyRun(Path out) throws IOException {
    List<Path> all = entries(out);
    assertEquals(1, all.size(), "exactly one entry, the committed run: " + all);
    Path run = all.get(0);
    assertFalse(run.getFileName().toString().startsWith("."), "still in progress: " + run);
    return run;
  }

  private static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Checks everything a run directory must hold and returns its result.json. */
  private static JsonNode checkRunDirectory(Path run, String method, int metricLines) throws IOException {
    for (String f : List.of("config.conf", "manifest.json", "metrics.jsonl", "result.json", "report/summary.txt",
        "tables/metrics/_SUCCESS", "tables/candidates/_SUCCESS", RunDirectory.SUCCESS)) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing in " + run);
    }
    assertEquals(0, Files.size(run.resolve(RunDirectory.SUCCESS)));

    NasConfig resolved = NasConfig.from(ConfigLoader.load(run.resolve("config.conf").toString(), Map.of()),
        Strategies::check);
    assertEquals(method, resolved.method(), "config.conf loads back as the job that ran");
    assertEquals(7, resolved.seed());
    assertEquals(EPOCHS, resolved.train().epochs());
    assertEquals(run.getParent().toString(), resolved.output());

    JsonNode manifest = json(run.resolve("manifest.json"));
    assertEquals(run.getFileName().toString(), manifest.get("run_id").asText());
    assertEquals(method, manifest.get("method").asText());
    assertEquals(7, manifest.get("seed").asLong());
    assertTrue(manifest.get("complete").asBoolean(), manifest.toString());
    assertFalse(manifest.get("end").isNull(), manifest.toString());
    assertEquals("cpu", manifest.get("driver_backend").get("backend").asText());
    assertTrue(manifest.get("driver_backend").get("build_flags").asText().contains("HAVE_ONEDNN"), manifest.toString());
    // local mode: the driver's JVM is the one executor, and Spark assigned its tasks no GPU
    JsonNode executors = manifest.get("executor_backends");
    assertEquals(1, executors.size(), manifest.toString());
    assertEquals("driver", executors.get(0).get("executor").asText());
    assertEquals("cpu", executors.get(0).get("backend").asText());
    assertEquals(0, executors.get(0).get("gpu_addresses").size());

    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
    assertEquals(metricLines, lines.size(), String.join("\n", lines));
    for (int e = 0; e < EPOCHS; e++) {
      JsonNode row = JSON.readTree(lines.get(e));
      assertTrue(row.isObject(), lines.get(e));
      assertEquals(run.getFileName().toString(), row.get("run_id").asText());
      assertEquals(method, row.get("method").asText());
      assertEquals("nb201", row.get("space").asText());
      assertEquals(7, row.get("seed").asLong());
      assertEquals(method, row.get("phase").asText());
      assertEquals(e + 1, row.get("epoch").asInt());
      assertTrue(Double.isFinite(row.get("train_loss").asDouble()), lines.get(e));
    }
    for (String line : lines) {
      assertTrue(JSON.readTree(line).isObject(), line);
    }

    JsonNode result = json(run.resolve("result.json"));
    assertEquals(run.getFileName().toString(), result.get("run_id").asText());
    assertEquals(method, result.get("method").asText());
    assertEquals("nb201", result.get("space").asText());
    assertEquals("synthetic", result.get("dataset").asText());
    String arch = result.get("architecture").asText();
    assertEquals(arch, Nb201Architecture.parse(arch).canonical());
    double acc = result.get("supernet").get("val_accuracy").asDouble();
    assertTrue(acc >= 0 && acc <= 1, result.toString());
    assertTrue(result.get("supernet").has("val_loss"), result.toString());
    assertTrue(result.get("candidates").isArray() && result.get("candidates").size() > 0, result.toString());
    for (JsonNode c : result.get("candidates")) {
      Nb201Architecture.parse(c.get("architecture").asText());
      assertTrue(c.get("score").isNumber() && c.has("source"), c.toString());
    }
    assertEquals(7, result.get("seed").asLong());
    assertTrue(result.get("search_seconds").asDouble() > 0, result.toString());
    assertTrue(result.get("executors").asInt() >= 1, result.toString());

    String summary = Files.readString(run.resolve("report/summary.txt"));
    assertTrue(summary.contains(arch), summary);
    return result;
  }

  @Test
  @DisplayName("search --config, method darts: a complete run directory with one metrics line per epoch")
  void dartsRun() throws Exception {
    Path out = output();
    assertEquals(0, search("darts", out));
    JsonNode result = checkRunDirectory(onlyRun(out), "darts", EPOCHS);
    assertEquals(1, result.get("candidates").size());
    assertEquals("supernet", result.get("candidates").get(0).get("source").asText());
    assertEquals(1, result.get("order").asInt());
    assertEquals(6, result.get("alphas").get("cell").size());
  }

  @Test
  @DisplayName("search --config, method rsps: the best of the scored candidates, plus a candidate-phase event")
  void rspsRun() throws Exception {
    Path out = output();
    assertEquals(0, search("rsps", out, "--set", "run-id=rsps-test"));
    Path run = onlyRun(out);
    assertEquals("rsps-test", run.getFileName().toString());
    JsonNode result = checkRunDirectory(run, "rsps", EPOCHS);
    JsonNode event = JSON.readTree(Files.readString(run.resolve("events.jsonl")).strip());
    assertEquals("candidates", event.get("kind").asText());
    assertEquals("rsps-test", event.get("run_id").asText());
    assertEquals(4, event.get("candidates").asInt());
    JsonNode candidates = result.get("candidates");
    assertEquals(4, candidates.size());
    JsonNode best = candidates.get(0);
    for (JsonNode c : candidates) {
      best = c.get("score").asDouble() > best.get("score").asDouble() ? c : best;
    }
    assertEquals(best.get("architecture").asText(), result.get("architecture").asText());
    assertEquals(best.get("score").asDouble(), result.get("supernet").get("val_accuracy").asDouble());
  }

  @Test
  @DisplayName("a misspelt --set key fails with ConfigException naming it, before any run directory exists")
  void badKey() throws Exception {
    Path out = output();
    ConfigException e = assertThrows(ConfigException.class, () -> search("darts", out, "--set", "nas.train.epoch=3"));
    assertEquals("nas.train.epoch", e.key());
    assertTrue(e.getMessage().contains("nas.train.epochs"), e.getMessage());
    assertEquals(List.of(), entries(out));
  }

  @Test
  @DisplayName("bad values, names and files fail with ConfigException naming the key or file, leaving no run behind")
  void badInput() throws Exception {
    Path out = output();
    assertEquals("nas.space.name",
        assertThrows(ConfigException.class, () -> search("darts", out, "--set", "space.name=resnet")).key());
    assertEquals("nas.train.epochs",
        assertThrows(ConfigException.class, () -> search("darts", out, "--set", "train.epochs=ten")).key());
    assertEquals("nas.train.steps-per-epoch",
        assertThrows(ConfigException.class, () -> search("darts", out, "--set", "train.steps-per-epoch=5")).key());
    assertEquals("nas.train.batch-size",
        assertThrows(ConfigException.class, () -> search("rsps", out, "--set", "train.batch-size=100")).key());
    Path missing = tmp.resolve("missing.conf");
    ConfigException noFile = assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"search", "--config", missing.toString(), "--set", "nas.output=" + out}));
    assertTrue(noFile.getMessage().contains(missing.toString()), noFile.getMessage());
    assertEquals("--config", assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"search"})).key());
    assertEquals(List.of(), entries(out), "no run directory, final or in progress");
  }

  @Test
  @DisplayName("an OutOfMemoryError, thrown or in a task's text, is recognised for the memory hint")
  void heapMemoryHint() {
    assertTrue(NasMain.outOfMemory(new OutOfMemoryError("Java heap space")));
    assertTrue(NasMain.outOfMemory(new IllegalStateException("darts/epoch-1/step-1/weights: work failed",
        new RuntimeException("item 0 failed on attempt 0: java.lang.OutOfMemoryError: Java heap space"))));
    assertFalse(NasMain.outOfMemory(new IllegalStateException("work failed")));
  }

  @Test
  @DisplayName("nas.backend=cuda on the CPU build fails with ConfigException saying which build to use, leaving no run behind")
  void cudaOnTheCpuBuild() throws Exception {
    Path out = output();
    ConfigException e = assertThrows(ConfigException.class, () -> search("darts", out, "--set", "backend=cuda"));
    assertEquals("nas.backend", e.key());
    assertTrue(e.getMessage().contains("on executor driver") && e.getMessage().contains("only ND4J's CPU backend")
        && e.getMessage().contains("NAS_BUILD=cuda"), e.getMessage());
    assertEquals(List.of(), entries(out), "no run directory, final or in progress");
  }

  @Test
  @DisplayName("nas backend: this JVM's backend facts; asking for cuda on the CPU build exits 2 naming nas.backend")
  void backendCommand() throws Exception {
    assertEquals(0, NasMain.run(new String[] {"backend"}));
    assertEquals(0, NasMain.run(new String[] {"backend", "--set", "nas.backend=cpu"}));
    ConfigException e = assertThrows(ConfigException.class,
        () -> NasMain.run(new String[] {"backend", "--set", "nas.backend=cuda"}));
    assertEquals("nas.backend", e.key());
    assertTrue(e.getMessage().startsWith("nas.backend: cuda asked for: this build has only ND4J's CPU backend"), e.getMessage());
  }

  @Test
  @DisplayName("a GPU out-of-memory failure is recognised through the Spark failure's text, for the hint")
  void deviceMemoryHint() {
    for (String cause : List.of("cudaMalloc failed; Error code: [2]: out of memory",
        "Failed to allocate 805306368 bytes from DEVICE [0] memory", "CUDNN_STATUS_ALLOC_FAILED",
        "CUDA_ERROR_OUT_OF_MEMORY")) {
      Exception failed = new IllegalStateException("darts/shards: work failed", new RuntimeException("Lost task 0.0: " + cause));
      assertTrue(NasMain.deviceMemoryExhausted(failed), cause);
    }
    assertFalse(NasMain.deviceMemoryExhausted(new IllegalStateException("work failed: Java heap space")));
  }

  @Test
  @DisplayName("a task that ran out of native memory is recognised through the Spark failure's text, for the hint")
  void nativeMemoryHint() {
    Exception failed = new IllegalStateException("fewshot-gm/split-1/gm/normal-edge-1: work failed",
        new RuntimeException("Lost task 1.0: java.lang.OutOfMemoryError: Cannot allocate new LongPointer(1): "
            + "totalBytes = 512, physicalBytes = 12056M"));
    assertTrue(NasMain.nativeMemoryExhausted(failed));
    assertFalse(NasMain.nativeMemoryExhausted(new IllegalStateException("work failed: Cannot allocate a slot")));
  }
}
