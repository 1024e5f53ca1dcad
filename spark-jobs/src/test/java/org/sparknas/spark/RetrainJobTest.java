package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.eval.Score;
import org.sparknas.core.model.ModelExport;
import org.sparknas.core.model.ModelScoring;
import org.sparknas.core.report.RunDirectory;

/**
 * {@code nas retrain} end to end on the driver: the run directory it commits (result, curves, plot,
 * exported model whose test accuracy recomputes exactly), a retrain of a search run's answer, and bad
 * input that fails before any run directory exists.
 */
class RetrainJobTest {
  static final String CELL = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|skip_connect~2|";

  @TempDir Path tmp;

  private Path conf(String extra) throws IOException {
    return TinyJobs.conf(tmp, "retrain.conf", "rsps", tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        "retrain { epochs = 2, eval-images = 32 }\n" + extra);
  }

  /** {@code nas retrain} of {@link #CELL} under run id {@code runId}, with more {@code key=value} settings. */
  private static String[] retrainCellArgs(Path conf, String runId, String... sets) {
    List<String> args = new java.util.ArrayList<>(List.of("retrain", "--config", conf.toString(),
        "--set", "nas.retrain.architecture=" + CELL, "--set", "nas.run-id=" + runId));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return args.toArray(new String[0]);
  }

  /** {@link #retrainCellArgs}, which must succeed. */
  private static void retrainCell(Path conf, String runId, String... sets) throws Exception {
    TinyJobs.runOk(retrainCellArgs(conf, runId, sets));
  }

  @Test
  @DisplayName("writes result.json, metrics.jsonl, the plot and model/; the model recomputes the test accuracy")
  void retrainRunDirectory() throws Exception {
    Path conf = conf("");
    retrainCell(conf, "r1");
    Path run = tmp.resolve("runs/r1");
    assertTrue(Files.exists(run.resolve("_SUCCESS")));
    assertEquals(List.of(), Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().stream()
        .map(w -> w.getId() + " " + w.getCurrentSize()).toList(),
        "the thread that trained keeps no DL4J workspace memory (a comparison's task threads run retrain after retrain)");
    JsonNode result = TinyJobs.json(Files.readString(run.resolve("result.json")));
    assertEquals("retrain", result.get("command").asText());
    assertEquals(CELL, result.get("architecture").asText());
    assertEquals(16, result.get("test").get("images").asInt(), "the synthetic test split: a quarter of 64");
    assertEquals(64, result.get("train_images").asInt(), "the whole training split, both search halves");
    assertTrue(result.get("parameters").asLong() > 0 && result.get("multiply_adds").asLong() > 0, result.toString());
    assertTrue(result.get("train_seconds").asDouble() > 0 && result.get("inference_images_per_second").asDouble() > 0);

    List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(2, rows.size());
    assertEquals(2, TinyJobs.json(rows.get(1)).get("epoch").asInt());
    assertTrue(TinyJobs.json(rows.get(1)).has("train_accuracy"));
    assertTrue(Files.size(run.resolve("report/retrain.png")) > 0);

    ModelExport.Loaded model = ModelExport.read(run.resolve("model").toUri().toString(), new Configuration());
    assertEquals(result.get("parameters").asLong(), model.card().parameters());
    ComputationGraph plain = ModelSerializer.restoreComputationGraph(run.resolve("model/model.zip").toFile());
    NasConfig job = NasConfig.from(ConfigLoader.load(conf.toString(), java.util.Map.of()), Strategies::check);
    ImageDataset test = Datasets.loadTest(job.data(), new Configuration());
    Score s = ModelScoring.score(plain, test, model.card().normalization(), 32);
    assertEquals(result.get("test").get("accuracy").asDouble(), s.accuracy(), 0.0);
    assertEquals(result.get("test").get("loss").asDouble(), s.loss(), 1e-6);

    // resubmitted complete: read back, not trained again (also by a comparison given more seeds); with
    // another recipe: refused by key
    long written = Files.getLastModifiedTime(run.resolve("result.json")).toMillis();
    retrainCell(conf, "r1");
    retrainCell(conf, "r1", "nas.compare.seeds=[1,2,3]");
    assertEquals(written, Files.getLastModifiedTime(run.resolve("result.json")).toMillis());
    assertThrows(ConfigException.class, () -> NasMain.run(retrainCellArgs(conf, "r1", "nas.retrain.epochs=3")));
  }

  @Test
  @DisplayName("an interrupted retrain resumed with another recipe is refused by key and kept; with its own it finishes from the checkpoint")
  void interruptedRetrainKeepsItsRecipe() throws Exception {
    Path conf = conf("");
    retrainCell(conf, "r1");
    Path runs = tmp.resolve("runs");
    // what a kill after the last epoch's checkpoint, before the commit, leaves
    Path interrupted = runs.resolve(".r2.inprogress");
    try (Stream<Path> files = Files.walk(runs.resolve("r1"))) {
      for (Path f : files.toList()) {
        Files.copy(f, interrupted.resolve(runs.resolve("r1").relativize(f).toString()));
      }
    }
    Files.delete(interrupted.resolve(RunDirectory.SUCCESS));
    Files.delete(interrupted.resolve("result.json"));

    ConfigException e = assertThrows(ConfigException.class,
        () -> NasMain.run(retrainCellArgs(conf, "r2", "nas.retrain.epochs=3")));
    assertEquals("nas.retrain.epochs", e.key(), e.getMessage());
    assertTrue(e.getMessage().contains("interrupted run r2"), e.getMessage());
    try (Stream<Path> names = Files.list(runs)) {
      assertEquals(List.of(".r2.inprogress", "r1"), names.map(p -> p.getFileName().toString()).sorted().toList(),
          "kept for a resume, its lease released");
    }

    retrainCell(conf, "r2");
    JsonNode first = TinyJobs.json(Files.readString(runs.resolve("r1/result.json")));
    JsonNode resumed = TinyJobs.json(Files.readString(runs.resolve("r2/result.json")));
    assertEquals(first.get("test").get("accuracy").asDouble(), resumed.get("test").get("accuracy").asDouble(), 0.0,
        "the checkpointed model, scored again");
    assertEquals(2, Files.readAllLines(runs.resolve("r2/metrics.jsonl")).size(), "no epoch trained twice");
  }

  @Test
  @DisplayName("distributed: dl4j-spark parameter averaging on local[2] trains the graph and scores the test split on the executors")
  void distributed() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    try {
      TinyJobs.runOk("retrain", "--config", conf("").toString(), "--set", "nas.retrain.architecture=" + CELL,
          "--set", "nas.retrain.distributed=true", "--set", "nas.retrain.averaging-frequency=2",
          "--set", "nas.run-id=spark", "--master", "local[2]");
    } finally {
      System.clearProperty("spark.ui.enabled");
    }
    Path run = tmp.resolve("runs/spark");
    JsonNode result = TinyJobs.json(Files.readString(run.resolve("result.json")));
    assertTrue(result.get("distributed").asBoolean());
    List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(2, rows.size());
    double first = TinyJobs.json(rows.get(0)).get("train_objective").asDouble();
    assertTrue(first > 0 && Double.isFinite(first), rows.get(0));
    ComputationGraph plain = ModelSerializer.restoreComputationGraph(run.resolve("model/model.zip").toFile());
    ModelExport.Loaded model = ModelExport.read(run.resolve("model").toUri().toString(), new Configuration());
    NasConfig job = NasConfig.from(ConfigLoader.load(conf("").toString(), java.util.Map.of()), Strategies::check);
    Score s = ModelScoring.score(plain, Datasets.loadTest(job.data(), new Configuration()),
        model.card().normalization(), 32);
    assertEquals(s.accuracy(), result.get("test").get("accuracy").asDouble(), 0.0, "executors scored the same model");
    assertEquals(s.loss(), result.get("test").get("loss").asDouble(), 1e-5);
  }

  @Test
  @DisplayName("from-run retrains the architecture a finished search run found, on the whole training split")
  void fromRun() throws Exception {
    Path conf = conf("data.subset = 32");
    TinyJobs.runOk("search", "--config", conf.toString(), "--set", "nas.run-id=found", "--master", "local[1]");
    String found = TinyJobs.json(Files.readString(tmp.resolve("runs/found/result.json"))).get("architecture").asText();
    String runUri = tmp.resolve("runs/found").toUri().toString();
    TinyJobs.runOk("retrain", "--config", conf.toString(), "--set", "nas.retrain.from-run=" + runUri,
        "--set", "nas.retrain.epochs=1", "--set", "nas.run-id=again");
    JsonNode result = TinyJobs.json(Files.readString(tmp.resolve("runs/again/result.json")));
    assertEquals(found, result.get("architecture").asText());
    assertEquals(runUri, result.get("source").asText());
    assertEquals(64, result.get("train_images").asInt(), "not the search's 32");
  }

  @Test
  @DisplayName("bad input names the key and leaves no run directory")
  void badInput() throws Exception {
    Path conf = conf("");
    assertKey("nas.retrain.architecture", "neither", conf);
    assertKey("nas.retrain.architecture", "both", conf, "nas.retrain.architecture=" + CELL,
        "nas.retrain.from-run=" + tmp);
    assertKey("nas.retrain.architecture", "nb201", conf, "nas.retrain.architecture=|nor_conv_3x3~0|");
    assertKey("nas.retrain", "auxiliary head", conf, "nas.retrain.architecture=" + CELL,
        "nas.retrain.auxiliary-weight=0.4");
    assertKey("nas.retrain.from-run", "_SUCCESS", conf, "nas.retrain.from-run=" + tmp);
    assertTrue(!Files.exists(tmp.resolve("runs")) || Files.list(tmp.resolve("runs")).findAny().isEmpty(),
        "nothing written");
  }

  private static void assertKey(String key, String says, Path conf, String... sets) {
    String[] args = new String[3 + 2 * sets.length];
    args[0] = "retrain";
    args[1] = "--config";
    args[2] = conf.toString();
    for (int i = 0; i < sets.length; i++) {
      args[3 + 2 * i] = "--set";
      args[4 + 2 * i] = sets[i];
    }
    ConfigException e = assertThrows(ConfigException.class, () -> NasMain.run(args));
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
