package org.sparknas.spark.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.ClassNames;
import org.sparknas.core.data.Cutout;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.data.Split;
import org.sparknas.core.eval.Score;
import org.sparknas.core.model.ModelCost;
import org.sparknas.core.model.ModelExport;
import org.sparknas.core.model.ModelFactory;
import org.sparknas.core.model.ModelScoring;
import org.sparknas.core.model.RetrainRecipe;
import org.sparknas.core.model.Retraining;
import org.sparknas.core.model.TrainingBatches;
import org.sparknas.core.report.DirectoryCheckpoints;
import org.sparknas.core.report.Manifest;
import org.sparknas.core.report.Plots;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunKeys;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.retrain.RetrainSettings;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.InvalidArchitectureException;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.spaces.Spaces;
import org.sparknas.spark.model.ModelPredictions;
import org.sparknas.spark.model.SparkEpochs;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.HadoopConfs;

/**
 * {@code bin/nas retrain}: a found architecture from its canonical string (or a search run) to a
 * trained, exported DL4J model. Everything is checked before training starts: the architecture
 * parses in its space, the graph builds, the training and test files read. The graph trains on the
 * whole training split, on the driver or with dl4j-spark on the executors ({@code nas.retrain.distributed}),
 * with a checkpoint after every epoch (re-running with {@code --set nas.run-id=<id>} resumes). Only
 * then is the test split scored, once. The run directory gets {@code config.conf},
 * {@code manifest.json}, {@code metrics.jsonl} (one row per epoch), {@code result.json},
 * {@code report/retrain.png}, {@code report/summary.txt} and {@code model/}, with {@code _SUCCESS} last.
 */
public final class RetrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);
  static final String NAME = "retrain";
  /** Images timed for the inference throughput (after one warm-up batch). */
  private static final int TIMED_IMAGES = 1024;

  private final NasConfig job;
  private final RetrainTarget target;
  private final JavaSparkContext sc;

  /** @param sc the Spark context distributed training and test scoring use; null trains and scores on the driver */
  public RetrainJob(NasConfig job, RetrainTarget target, JavaSparkContext sc) {
    if (target.distributed() && sc == null) {
      throw new IllegalArgumentException("distributed retraining needs a Spark context");
    }
    this.job = job;
    this.target = target;
    this.sc = sc;
  }

  /** Trains, scores, exports; returns the URI of the committed run directory. */
  public String run() throws Exception {
    Instant start = Instant.now();
    Configuration conf = HadoopConfs.current();
    // an explicit run id reopens that run before any data is read: complete, there is nothing to do
    String runId = job.runId().isEmpty() ? RunDirectory.runId(NAME, start) : job.runId();
    RunDirectory dir = job.runId().isEmpty() ? RunDirectory.create(job.output(), runId, conf)
        : RunDirectory.resumeOrCreate(job.output(), runId, conf);
    ReopenedRun.requireSameConfig(job, dir, runId, RUN_SETS);
    if (dir.found() == RunDirectory.Found.COMPLETE) {
      LOG.info("retrain {} is complete: nothing to do", runId);
      return dir.uri().toString();
    }
    Inputs in = load(conf, dir);
    RetrainRecipe recipe = in.recipe();
    try (ParallelRunner runner = sc == null ? new LocalRunner() : new SparkRunner(sc)) {
      Manifest manifest = Manifest.open(runId, job, runner, dir, start);
      DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(dir, manifest::resumedFrom);
      try {
        dir.writeText("config.conf", job.render());
        dir.writeJson(Manifest.FILE, manifest.toJson(null, checkpoints.elapsedSeconds()));

        TrainingBatches batches = new TrainingBatches(in.norm(), in.data().augmentation(),
            new Cutout(recipe.cutout()), recipe.batchSize(), recipe.seed(), in.graph().getNumOutputArrays());
        Retraining.EpochTrainer trainer = target.distributed()
            ? new SparkEpochs(sc, in.data(), batches, in.train().size(), target.averagingFrequency())
            : Retraining.local(batches, in.train(), job.train().logEverySeconds());
        ImageDataset sample = in.train().sample(target.evalImages(), Seeds.seed(recipe.seed(), "retrain.eval"));
        RunLog log = new RunLog(dir, new RunKeys(runId, NAME, in.space().name(), recipe.seed()));
        Retraining.Result trained = new Retraining(recipe, checkpoints, checkpoints.metrics(log))
            .run(in.graph(), trainer, target.evalImages() > 0 ? sample : null, in.norm());
        checkpoints.finish();

        ComputationGraph model = ModelExport.forInference(trained.graph(), in.inference());
        int evalBatch = job.train().evalBatchSize();
        Score testScore = target.distributed()
            ? ModelPredictions.score(ModelPredictions.predict(sc, bytes(model), in.data(), Split.TEST, in.norm(),
                in.test().size(), evalBatch))
            : ModelScoring.score(model, in.test(), in.norm(), evalBatch);
        double imagesPerSecond = throughput(model, in.test(), in.norm(), evalBatch);
        ModelCost cost = ModelCost.of(model, in.shape());
        ModelExport.write(dir, model, ModelExport.card(in.arch().canonical(), in.space().name(), in.train().name(),
            in.shape(), in.norm(), ClassNames.of(in.train().name(), in.train().numClasses()), cost));

        Instant end = Instant.now();
        Map<String, Object> result = result(in.space(), in.arch(), in.train(), recipe, testScore, cost,
            trained.trainSeconds(), imagesPerSecond, Duration.between(start, end).toMillis() / 1000.0);
        dir.writeJson("result.json", result);
        dir.writeText("report/summary.txt", summary(result));
        writeCurves(dir);
        dir.writeJson(Manifest.FILE, manifest.toJson(end, checkpoints.elapsedSeconds()));
        dir.commit();
        LOG.info("test accuracy {} ({} images), {} parameters, {} multiply-adds per image",
            String.format("%.4f", testScore.accuracy()), testScore.examples(), cost.parameters(), cost.multiplyAdds());
        return dir.uri().toString();
      } catch (Exception | Error e) {
        if (checkpoints.any()) {
          dir.keepForResume();
          LOG.error("retrain {} failed; its checkpoints stay in {}: run the same command with --set nas.run-id={} "
              + "to resume", runId, dir.inProgressUri(), runId);
        } else {
          dir.abort();
        }
        throw e;
      } finally {
        // DL4J keeps a graph's workspaces (GBs for a DARTS-space cell) on the thread that trained it; a
        // comparison's task thread goes on to its next retrain, so they go now
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
      }
    }
  }

  /**
   * Blocks of the commands that run sets of retrains: they choose which retrains exist, not what one
   * computes, so a comparison given more seeds reads its finished retrains back.
   */
  private static final List<String> RUN_SETS = List.of("nas.compare.", "nas.quality.");

  /** What a retrain needs, all checked: data, space, architecture, recipe and the built graphs. */
  private record Inputs(DataSettings data, ImageDataset train, ImageDataset test, Normalization norm, long[] shape,
      SearchSpace space, Architecture arch, RetrainRecipe recipe, ComputationGraph graph,
      ComputationGraphConfiguration inference) {}

  /**
   * Reads the data and builds the network; a failure removes a new run directory (an interrupted one
   * stays for the resume).
   */
  private Inputs load(Configuration conf, RunDirectory dir) throws IOException {
    try {
      // the whole training split (or nas.retrain.subset images), whatever subset the search used
      DataSettings data = job.data().withTrainSubset(target.subset());
      ImageDataset train = Datasets.loadTrain(data, conf);
      ImageDataset test = Datasets.loadTest(data, conf);
      Normalization norm = Datasets.normalization(data, train);
      long[] shape = {train.channels(), train.height(), train.width()};
      SearchSpace space = Spaces.create(target.space(), shape, train.numClasses());
      Architecture arch = parse(space);
      RetrainRecipe recipe = RetrainSettings.recipe(job.settings());
      ModelFactory factory = Spaces.model(space);
      ComputationGraph graph = new ComputationGraph(configuration(factory, arch, recipe, false));
      graph.init();
      LOG.info("retrain {} ({}) in {} C={} cells={}: {} training and {} test images of {}, {} epochs, {}",
          arch.canonical(), target.source(), space.name(), target.space().channels(), target.space().cells(),
          train.size(), test.size(), train.name(), recipe.epochs(),
          target.distributed() ? "dl4j-spark" : "on the driver");
      return new Inputs(data, train, test, norm, shape, space, arch, recipe, graph,
          configuration(factory, arch, recipe, true));
    } catch (RuntimeException | Error e) {
      if (dir.resumed()) {
        dir.keepForResume();
      } else {
        dir.abort();
      }
      throw e;
    }
  }

  private Architecture parse(SearchSpace space) {
    try {
      return space.parse(target.architecture());
    } catch (InvalidArchitectureException e) {
      throw new ConfigException("nas.retrain.architecture", "not an architecture of space " + space.name() + " ("
          + target.source() + "): " + e.getMessage());
    }
  }

  private static ComputationGraphConfiguration configuration(ModelFactory f, Architecture a, RetrainRecipe r,
      boolean inference) {
    try {
      return f.configuration(a, inference ? r.options().forInference() : r.options(), r.base());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("nas.retrain", "the network cannot be built: " + e.getMessage());
    }
  }

  /** Images per second of inference on the driver, over up to {@link #TIMED_IMAGES} test images. */
  private static double throughput(ComputationGraph model, ImageDataset test, Normalization norm, int batch) {
    ImageDataset timed = test.sample(Math.min(TIMED_IMAGES, test.size()), 0);
    ModelScoring.score(model, timed.sample(Math.min(batch, timed.size()), 1), norm, batch); // warm-up
    long t0 = System.nanoTime();
    ModelScoring.score(model, timed, norm, batch);
    return timed.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static byte[] bytes(ComputationGraph model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model, out, false);
    return out.toByteArray();
  }

  private Map<String, Object> result(SearchSpace space, Architecture arch, ImageDataset train, RetrainRecipe recipe, Score testScore, ModelCost cost, double trainSeconds, double imagesPerSecond,
      double seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", NAME);
    m.put("space", space.name());
    m.put("dataset", train.name());
    m.put("architecture", arch.canonical());
    m.put("source", target.source());
    m.put("channels", target.space().channels());
    m.put("cells", target.space().cells());
    Map<String, Object> testPart = new LinkedHashMap<>();
    testPart.put("accuracy", testScore.accuracy());
    testPart.put("loss", testScore.loss());
    testPart.put("images", testScore.examples());
    m.put("test", testPart);
    m.put("parameters", cost.parameters());
    m.put("multiply_adds", cost.multiplyAdds());
    m.put("train_images", train.size());
    m.put("epochs", recipe.epochs());
    m.put("train_seconds", trainSeconds);
    m.put("seconds_per_epoch", trainSeconds / recipe.epochs());
    m.put("inference_images_per_second", imagesPerSecond);
    m.put("distributed", target.distributed());
    m.put("recipe", recipe);
    m.put("seed", recipe.seed());
    m.put("seconds", seconds);
    return m;
  }

  private static String summary(Map<String, Object> r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> t = (Map<String, Object>) r.get("test");
    return String.format("architecture  %s%nspace         %s (C=%s, cells=%s)%ndataset       %s, %s training images%n"
        + "test          accuracy %.4f, loss %.4f (%s images)%nparameters    %s%nmult-adds     %s per image%n"
        + "training      %s epochs, %.1f s (%.1f s per epoch)%ninference     %.0f images/s%n", r.get("architecture"),
        r.get("space"), r.get("channels"), r.get("cells"), r.get("dataset"), r.get("train_images"),
        (double) t.get("accuracy"), (double) t.get("loss"), t.get("images"), r.get("parameters"), r.get("multiply_adds"),
        r.get("epochs"), (double) r.get("train_seconds"), (double) r.get("seconds_per_epoch"),
        (double) r.get("inference_images_per_second"));
  }

  /** {@code report/retrain.png}: training loss and accuracy per epoch. */
  private static void writeCurves(RunDirectory dir) throws IOException {
    List<Map<String, Object>> rows = RunLog.rows(new String(dir.read(RunLog.METRICS), StandardCharsets.UTF_8));
    byte[] png = Plots.epochCurves("retrain: training images per epoch", rows,
        List.of("train_loss", "train_accuracy", "train_objective"));
    if (png != null) {
      dir.writeAtomically("report/retrain.png", png);
    }
  }
}
