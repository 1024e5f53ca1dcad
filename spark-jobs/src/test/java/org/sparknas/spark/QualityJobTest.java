package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigException;

/**
 * {@code nas quality} at tiny size on local[2]: two methods and two seeds search, the random baseline
 * trains within its budget, every answer is retrained and scored; the report's numbers are the retrain
 * runs' own, and the test split is read by the retrains only (a recording filesystem counts the reads).
 */
class QualityJobTest {
  @TempDir Path tmp;

  @BeforeEach
  void recordReads() {
    System.setProperty("spark.hadoop.fs.recording.impl", RecordingFileSystem.class.getName());
    System.setProperty("spark.ui.enabled", "false");
    RecordingFileSystem.OPENED.clear();
  }

  @AfterEach
  void clear() {
    System.clearProperty("spark.hadoop.fs.recording.impl");
    System.clearProperty("spark.ui.enabled");
  }

  private Path conf() throws Exception {
    FileSystem local = FileSystem.getLocal(new Configuration());
    IdxFixtures.smallDataset(local, tmp.resolve("fm").toString());
    String data = RecordingFileSystem.SCHEME + "://" + tmp.resolve("fm");
    return TinyJobs.conf(tmp, "quality.conf", "rsps", tmp.resolve("runs").toString(),
        "format = fashion-mnist, path = \"" + data + "\"",
        "retrain { epochs = 1, eval-images = 0 }\n"
            + "quality { methods = [rsps, darts], seeds = [2, 3], random-epochs = 1, random-min = 2, random-max = 3 }");
  }

  @Test
  @DisplayName("every method x seed and the random baseline retrained; summary from the runs; test split read by retrains only")
  void tinyStudy() throws Exception {
    TinyJobs.runOk("quality", "--config", conf().toString(), "--set", "nas.run-id=q", "--master", "local[2]");
    Path dir = tmp.resolve("runs/q");
    assertTrue(Files.exists(dir.resolve("_SUCCESS")));
    assertTrue(Files.size(dir.resolve("report/quality.png")) > 0);
    JsonNode doc = TinyJobs.json(Files.readString(dir.resolve("quality.json")));
    List<JsonNode> runs = new ArrayList<>();
    doc.get("runs").forEach(runs::add);
    assertEquals(List.of("rsps", "rsps", "darts", "darts", "random", "random"),
        runs.stream().map(r -> r.get("method").asText()).toList());
    for (JsonNode r : runs) {
      JsonNode retrain = TinyJobs.json(Files.readString(Path.of(java.net.URI.create(r.get("retrain_run").asText()))
          .resolve("result.json")));
      assertEquals(retrain.get("architecture").asText(), r.get("architecture").asText());
      assertEquals(retrain.get("test").get("accuracy").asDouble(), r.get("test_accuracy").asDouble(), 0.0);
      if (!r.get("method").asText().equals("random")) {
        JsonNode search = TinyJobs.json(Files.readString(Path.of(java.net.URI.create(r.get("search_run").asText()))
            .resolve("result.json")));
        assertEquals(search.get("architecture").asText(), r.get("architecture").asText(), "the search's answer");
      } else {
        int trained = r.get("architectures_trained").asInt();
        assertTrue(trained >= 2 && trained <= 3, "within the baseline's bounds: " + trained);
      }
    }
    JsonNode darts = doc.get("summary").get(1);
    assertEquals("darts", darts.get("method").asText());
    double a = runs.get(2).get("test_accuracy").asDouble();
    double b = runs.get(3).get("test_accuracy").asDouble();
    assertEquals((a + b) / 2, darts.get("test_accuracy_mean").asDouble(), 1e-12);
    assertEquals(Math.abs(a - b) / Math.sqrt(2), darts.get("test_accuracy_std").asDouble(), 1e-12);
    assertTrue(Files.readString(dir.resolve("report/quality.txt")).contains("random"));

    long testReads = RecordingFileSystem.OPENED.stream().filter(p -> p.contains("t10k")).count();
    assertEquals(2 * 6, testReads, "the six retrains read t10k's two files once each; nothing else reads them");
  }

  @Test
  @DisplayName("an unknown method or a repeated seed fails before any work, naming the key")
  void badInput() throws Exception {
    Path conf = conf();
    ConfigException e = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"quality", "--config",
        conf.toString(), "--set", "nas.quality.methods=[darts, enas]"}));
    assertEquals("nas.quality.methods", e.key());
    e = assertThrows(ConfigException.class, () -> NasMain.run(new String[] {"quality", "--config",
        conf.toString(), "--set", "nas.quality.seeds=[2, 2]"}));
    assertEquals("nas.quality.seeds", e.key());
    TinyJobs.assertNoActiveSparkContext();
  }
}
