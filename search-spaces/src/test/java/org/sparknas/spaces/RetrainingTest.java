package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.ClassNames;
import org.sparknas.core.data.Cutout;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.data.Split;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.eval.Score;
import org.sparknas.core.model.ModelCost;
import org.sparknas.core.model.ModelExport;
import org.sparknas.core.model.ModelFactory;
import org.sparknas.core.model.ModelScoring;
import org.sparknas.core.model.RetrainRecipe;
import org.sparknas.core.model.Retraining;
import org.sparknas.core.model.TrainingBatches;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.spaces.darts.DartsGenotype;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * Training a found architecture's DL4J graph: it learns a planted task, two runs with one seed agree,
 * a run stopped after an epoch and resumed from its checkpoint ends exactly where an uninterrupted one
 * does, and the exported model loads back (with plain DL4J) to the same outputs.
 */
class RetrainingTest {
  private static final SyntheticDataset TASK = new SyntheticDataset(384, 128, 4, 1, 8, 8, 0.5, 1.0);
  private static final ImageDataset TRAIN = TASK.generate(Split.TRAIN, 5);
  private static final ImageDataset TEST = TASK.generate(Split.TEST, 5);
  private static final Normalization NORM = Normalization.computed(TRAIN);
  private static final Nb201Space NB201 = new Nb201Space(4, 1, 2, new long[] {1, 8, 8}, 4);
  private static final String CELL = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|skip_connect~2|";

  @TempDir Path dir;

  private static RetrainRecipe recipe(int epochs) {
    return new RetrainRecipe(epochs, 32, 0.1, 0.0, 0.9, 3e-4, 5.0, 0, 0, 0, 7);
  }

  private static ComputationGraph fresh(RetrainRecipe r) {
    Architecture a = NB201.parse(CELL);
    ComputationGraph g = new ComputationGraph(Spaces.model(NB201).configuration(a, r.options(), r.base()));
    g.init();
    return g;
  }

  private static Retraining.Result train(RetrainRecipe r, Checkpoints checkpoints, List<Map<String, Object>> rows) {
    TrainingBatches batches = new TrainingBatches(NORM, Augmentation.NONE, Cutout.NONE, r.batchSize(),
        r.seed(), 1);
    MetricsSink sink = MetricsSink.of(rows::add);
    return new Retraining(r, checkpoints, sink).run(fresh(r), Retraining.local(batches, TRAIN, 1e9), TRAIN.sample(64, 1),
        NORM);
  }

  @Test
  @DisplayName("a NAS-Bench-201 graph learns the planted task: test accuracy above 0.9 after 4 epochs")
  void learnsPlantedTask() {
    List<Map<String, Object>> rows = new ArrayList<>();
    Retraining.Result r = train(recipe(4), Checkpoints.NONE, rows);
    Score test = ModelScoring.score(r.graph(), TEST, NORM, 64);
    assertTrue(test.accuracy() > 0.9, "test accuracy " + test.accuracy());
    assertEquals(4, rows.size());
    assertEquals(List.of(1, 2, 3, 4), rows.stream().map(row -> row.get("epoch")).toList());
    assertEquals(0.1, (double) rows.get(0).get("lr"), 1e-12, "cosine schedule starts at lr");
    assertEquals(0.05, (double) rows.get(2).get("lr"), 1e-12, "and is at half way after half the epochs");
  }

  @Test
  @DisplayName("same seed, same weights; stopped after epoch 1 and resumed, the same weights as uninterrupted")
  void deterministicAndResumable() {
    INDArray once = train(recipe(2), Checkpoints.NONE, new ArrayList<>()).graph().params();
    INDArray twice = train(recipe(2), Checkpoints.NONE, new ArrayList<>()).graph().params();
    assertEquals(once, twice, "two uninterrupted runs with one seed");

    Checkpoints store = Checkpoints.inMemory();
    List<Map<String, Object>> rows = new ArrayList<>();
    assertThrows(Stop.class, () -> train(recipe(2), new StopAfterEpochs(store, 1), rows));
    assertEquals(1, rows.size(), "the first attempt stopped after its first epoch");
    Retraining.Result resumed = train(recipe(2), store, rows);
    assertEquals(2, rows.size(), "the resumed run trained epoch 2 only");
    assertEquals(once, resumed.graph().params(), "resumed run equals the uninterrupted one");
  }

  @Test
  @DisplayName("export: plain DL4J restores the model, its outputs equal the trained graph's, its card round-trips")
  void exportLoadPredict() throws Exception {
    DartsSpace darts = new DartsSpace(2, 3, true, new long[] {1, 8, 8}, 4);
    RetrainRecipe r = new RetrainRecipe(1, 32, 0.05, 0, 0.9, 3e-4, 5, 0.4, 0.2, 3, 7);
    ModelFactory f = Spaces.model(darts);
    Architecture a = DartsGenotype.DARTS_V2;
    ComputationGraph trained = new ComputationGraph(f.configuration(a, r.options(), r.base()));
    trained.init();
    assertEquals(2, trained.getNumOutputArrays(), "the evaluation network trains an auxiliary head");
    TrainingBatches batches = new TrainingBatches(NORM, Augmentation.NONE, new Cutout(3), 32, 7, 2);
    trained = new Retraining(r, Checkpoints.NONE, MetricsSink.NONE).run(trained,
        Retraining.local(batches, TRAIN, 1e9), null, NORM).graph();

    ComputationGraph inference = ModelExport.forInference(trained, f.configuration(a, r.options().forInference(),
        r.base()));
    assertEquals(1, inference.getNumOutputArrays());
    String json = inference.getConfiguration().toJson();
    assertFalse(json.contains("org.sparknas"), "the exported graph needs no SparkNAS class");
    ModelExport.Card card = ModelExport.card(a.canonical(), darts.name(), "synthetic", darts.inputShape(), NORM,
        ClassNames.of("synthetic", 4), ModelCost.of(inference, darts.inputShape()));
    RunDirectory run = RunDirectory.create(dir.toString(), "export");
    ModelExport.write(run, inference, card);
    run.commit();

    String modelDir = dir.resolve("export/model").toUri().toString();
    ComputationGraph plain = ModelSerializer.restoreComputationGraph(dir.resolve("export/model/model.zip").toFile());
    ModelExport.Loaded loaded = ModelExport.read(modelDir, new Configuration());
    int[] all = java.util.stream.IntStream.range(0, TEST.size()).toArray();
    INDArray expected = trained.output(false, TEST.batch(all, NORM).features())[0];
    assertEquals(expected, ModelScoring.probabilities(inference, TEST, all, NORM), "inference copy = trained output 0");
    assertEquals(expected, ModelScoring.probabilities(plain, TEST, all, NORM), "restored by plain DL4J");
    assertEquals(expected, ModelScoring.probabilities(loaded.graph(), TEST, all, loaded.card().normalization()),
        "restored with its card's normalisation");
    assertEquals(card.architecture(), loaded.card().architecture());
    assertEquals(List.of("class 0", "class 1", "class 2", "class 3"), loaded.card().classes());
    assertEquals(card.parameters(), loaded.card().parameters());
  }

  @Test
  @DisplayName("parameters and multiply-adds of a tiny graph, counted by hand")
  void costByHand() {
    Nb201Space tiny = new Nb201Space(2, 1, 1, new long[] {1, 4, 4}, 2);
    RetrainRecipe r = recipe(1);
    ComputationGraph g = new ComputationGraph(Spaces.model(tiny).configuration(
        tiny.parse("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|"), r.options(), r.base()));
    g.init();
    // stem conv 3x3 1->2: 18 weights, 4*4*9*1*2 = 288 MACs; three affine BNs of 2 channels: 12; cell conv
    // 3x3 2->2: 36 weights, 4*4*9*2*2 = 576 MACs; linear 2->2 with bias: 6 weights, 4 MACs
    assertEquals(new ModelCost(18 + 12 + 36 + 6, 288 + 576 + 4), ModelCost.of(g, tiny.inputShape()));
  }

  /** Checkpoints that end the run (by an exception) once {@code epochs} epochs are saved. */
  private record StopAfterEpochs(Checkpoints inner, int epochs) implements Checkpoints {
    @Override
    public <T extends java.io.Serializable> java.util.Optional<T> load(String name) {
      return inner.load(name);
    }

    @Override
    public void save(String name, java.io.Serializable state) {
      inner.save(name, state);
      if (((Retraining.Checkpoint) state).epochsDone() >= epochs) {
        throw new Stop();
      }
    }
  }

  private static final class Stop extends RuntimeException {}
}
