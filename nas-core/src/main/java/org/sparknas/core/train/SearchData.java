package org.sparknas.core.train;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.data.BatchRecipe.Half;
import org.sparknas.core.data.BatchRecipe;
import org.sparknas.core.data.BatchSampler;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.runtime.Seeds;

/**
 * How a supernet search walks its data: train batches in a seeded per-epoch order over the weights
 * half, a fresh random validation batch every step (DARTS draws with replacement across steps), and
 * a fixed, unaugmented subset of the validation half for per-epoch scores. Train and validation
 * batches carry their {@link BatchRecipe}, so data-parallel shards can travel as indices.
 * <pre>{@code
 * SearchData d = new SearchData(context.data(), context.train(), seed);
 * Batch t = d.trainBatch(epoch, step);  Batch v = d.validBatch(d.globalStep(epoch, step));
 * }</pre>
 */
public final class SearchData {
  private final DataSource data;
  private final BatchMaker validEval;
  private final BatchSampler trainSampler;
  private final BatchSampler validSampler;
  private final int stepsPerEpoch;
  private final int[] evalIndices;

  public SearchData(DataSource data, TrainSettings settings, long seed) {
    this.data = data;
    this.validEval = new BatchMaker(data.search().valid(), data.normalization(), Augmentation.NONE, 0L);
    check(data, settings);
    this.trainSampler = new BatchSampler(data.search().train().size(), settings.batchSize(),
        Seeds.seed(seed, "search/train-order"));
    this.validSampler = new BatchSampler(data.search().valid().size(), settings.batchSize(),
        Seeds.seed(seed, "search/valid-draw"));
    this.stepsPerEpoch = settings.stepsPerEpoch() > 0 ? settings.stepsPerEpoch() : trainSampler.batchesPerEpoch();
    this.evalIndices = Evaluator.firstIndices(data.search().valid().size(), settings.evalSubset());
  }

  /**
   * Whether {@code settings} fit the search split of {@code data}: the batch in each half, the steps in
   * one pass, the scored images in the validation half. Checked here, not left to the samplers, so the
   * error names the config key; jobs call it before any work starts.
   */
  public static void check(DataSource data, TrainSettings settings) {
    int train = data.search().train().size();
    int valid = data.search().valid().size();
    requireBatchFits(settings.batchSize(), train, "weight-training");
    requireBatchFits(settings.batchSize(), valid, "architecture-validation");
    int full = new BatchSampler(train, settings.batchSize(), 0L).batchesPerEpoch();
    if (settings.stepsPerEpoch() > full) {
      throw new ConfigException("nas.train.steps-per-epoch", settings.stepsPerEpoch()
          + " steps exceed one pass over the weight-training half (" + full + " batches of " + settings.batchSize() + ")");
    }
    if (settings.evalSubset() > valid) {
      throw new ConfigException("nas.train.eval-subset", settings.evalSubset() + " images to score, but the "
          + "architecture-validation half has " + valid + "; lower it (0 = the whole half)");
    }
  }

  private static void requireBatchFits(int batchSize, int images, String half) {
    if (batchSize > images) {
      throw new ConfigException("nas.train.batch-size", "batch of " + batchSize + " is larger than the " + half
          + " half (" + images + " images); lower it or use more data (nas.data.subset, nas.data.portion)");
    }
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  public long globalStep(int epoch, int step) {
    return (long) epoch * stepsPerEpoch + step;
  }

  /** Train batch {@code step} of epoch {@code epoch}. */
  public Batch trainBatch(int epoch, int step) {
    return new BatchRecipe(data, Half.TRAIN, trainSampler.batches(epoch).get(step), globalStep(epoch, step)).make();
  }

  /** A random validation batch for global step {@code step} (same step, same batch). */
  public Batch validBatch(long step) {
    return new BatchRecipe(data, Half.VALID, validSampler.randomBatch(step), step).make();
  }

  /** A random train batch for global step {@code step}, drawn with replacement across steps. */
  public Batch randomTrainBatch(long step) {
    return new BatchRecipe(data, Half.TRAIN, trainSampler.randomBatch(step), step).make();
  }

  /** The unaugmented validation half, for scores. */
  public BatchMaker validEval() {
    return validEval;
  }

  /** Indices of the validation images scored each epoch. */
  public int[] evalIndices() {
    return evalIndices.clone();
  }

  public int batchSize() {
    return trainSampler.batchSize();
  }
}
