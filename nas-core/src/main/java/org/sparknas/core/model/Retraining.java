package org.sparknas.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.eval.Score;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.Progress;

/**
 * The epoch loop of {@code bin/nas retrain}: each epoch trains the graph one pass (on the driver or
 * through Spark, by the {@link EpochTrainer}), scores a fixed sample of training images for the curve,
 * writes a metrics row and checkpoints the graph with its updater state. A run that stops resumes from
 * its last checkpoint: the batches and augmentation of an epoch depend only on (seed, epoch), so
 * without drop-path a resumed run trains exactly as an uninterrupted one (tested); drop-path masks
 * come from ND4J's generator, which a resume re-seeds.
 * <pre>{@code
 * Retraining.Result r = new Retraining(recipe, checkpoints, sink).run(fresh, Retraining.local(batches, train, 30), sample, norm);
 * }</pre>
 */
public final class Retraining {
  private static final Logger LOG = LoggerFactory.getLogger(Retraining.class);
  static final String CHECKPOINT = "retrain";

  static {
    Dl4jHelpers.enable();
  }

  /** Trains one pass of epoch {@code epoch} (0-based) and returns the mean training objective (DL4J's score). */
  @FunctionalInterface
  public interface EpochTrainer {
    double train(ComputationGraph graph, int epoch);
  }

  /** What a resumed retrain needs: epochs done, the graph with its updater state, training time so far. */
  public record Checkpoint(int epochsDone, byte[] model, double trainSeconds) implements Serializable {}

  /** The trained graph and the time its epochs took (summed over resumes). */
  public record Result(ComputationGraph graph, double trainSeconds) {}

  private final RetrainRecipe recipe;
  private final Checkpoints checkpoints;
  private final MetricsSink sink;

  public Retraining(RetrainRecipe recipe, Checkpoints checkpoints, MetricsSink sink) {
    this.recipe = recipe;
    this.checkpoints = checkpoints;
    this.sink = sink;
  }

  /** {@code ComputationGraph.fit} on the driver, one minibatch at a time, logging the objective now and then. */
  public static EpochTrainer local(TrainingBatches batches, ImageDataset images, double logEverySeconds) {
    return (graph, epoch) -> {
      MultiDataSetIterator it = batches.iterator(images, epoch);
      int steps = batches.epoch(images.size(), epoch).size();
      long start = System.nanoTime();
      long lastLog = start;
      double sum = 0;
      for (int step = 0; it.hasNext(); step++) {
        graph.fit(it.next());
        sum += graph.score();
        long now = System.nanoTime();
        if (now - lastLog >= logEverySeconds * 1e9) {
          lastLog = now;
          LOG.info("retrain | epoch {} | step {}/{} | objective {} | {}", epoch + 1, step + 1, steps,
              String.format("%.4f", sum / (step + 1)), Progress.format(Duration.ofNanos(now - start)));
        }
      }
      return sum / steps;
    };
  }

  /**
   * Trains {@code fresh} (or the checkpointed graph of an interrupted run) to the recipe's last
   * epoch; after every epoch scores {@code sample} (training images, normalised by {@code n}).
   */
  public Result run(ComputationGraph fresh, EpochTrainer trainer, ImageDataset sample, Normalization n) {
    Checkpoint c = checkpoints.<Checkpoint>load(CHECKPOINT).orElse(null);
    ComputationGraph graph = c == null ? fresh : restore(c.model());
    double seconds = c == null ? 0 : c.trainSeconds();
    int start = c == null ? 0 : c.epochsDone();
    if (start > 0) {
      LOG.info("retrain resumes after epoch {} of {}", start, recipe.epochs());
    }
    for (int epoch = start; epoch < recipe.epochs(); epoch++) {
      // the learning-rate schedule and drop-path read DL4J's epoch counter
      graph.getConfiguration().setEpochCount(epoch);
      long t0 = System.nanoTime();
      double objective = trainer.train(graph, epoch);
      double epochSeconds = (System.nanoTime() - t0) / 1e9;
      seconds += epochSeconds;
      Score s = sample != null && sample.size() > 0 ? ModelScoring.score(graph, sample, n, recipe.batchSize())
          : new Score(Double.NaN, Double.NaN, 0);
      sink.record(EpochRow.head("retrain", epoch, recipe.lrAt(epoch), s.loss(), s.accuracy())
          .withRetrain(new EpochRow.Retrain(recipe.dropPath() * epoch / recipe.epochs(), objective, s.examples(),
              epochSeconds))
          .withElapsedSeconds(seconds));
      checkpoints.save(CHECKPOINT, new Checkpoint(epoch + 1, save(graph), seconds));
    }
    return new Result(graph, seconds);
  }

  /** The graph with its updater state as ModelSerializer bytes. */
  static byte[] save(ComputationGraph graph) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModelSerializer.writeModel(graph, out, true);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the retrained graph", e);
    }
  }

  static ComputationGraph restore(byte[] model) {
    try {
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the retrain checkpoint", e);
    }
  }
}
