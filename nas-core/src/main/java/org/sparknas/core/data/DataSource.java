package org.sparknas.core.data;

import org.sparknas.core.runtime.Seeds;

/**
 * A loaded dataset ready for search: the search split of the training files and how batches are made.
 * It holds no test images: the test split is read only by {@link Datasets#loadTest}, for the final
 * score of a retrained architecture, so no search or selection can see it.
 *
 * <pre>{@code
 * DataSource d = Datasets.load(settings);
 * BatchSampler s = new BatchSampler(d.search().train().size(), 64, Seeds.seed(seed, "train.sampler"));
 * Batch b = d.trainBatches().make(s.batches(epoch).get(0), step);
 * }</pre>
 *
 * <p>Augmentation applies to both search halves (DARTS builds its train and valid queues from the same
 * augmented training set). The two batch makers derive their augmentation seeds from {@link #seed()}
 * with distinct phases.
 *
 * <p>{@code settings} are what {@link Datasets#load} made this source from, or {@code null} for one built
 * from arrays in memory. A source with settings crosses the wire as its settings alone: the receiving
 * executor reads the files itself, once per JVM ({@link Datasets#cached}), so the driver never ships
 * pixels to tasks, however many jobs a search starts.
 */
public record DataSource(String name, SearchSplit search, Normalization normalization,
    Augmentation augmentation, long seed, DataSettings settings) implements java.io.Serializable {

  /** A source built from arrays in memory: it travels whole. */
  public DataSource(String name, SearchSplit search, Normalization normalization, Augmentation augmentation,
      long seed) {
    this(name, search, normalization, augmentation, seed, null);
  }

  /** Batches of the weights half, augmented. */
  public BatchMaker trainBatches() {
    return new BatchMaker(search.train(), normalization, augmentation, Seeds.seed(seed, "data.train"));
  }

  /** Batches of the architecture half, augmented as the weights half. */
  public BatchMaker validBatches() {
    return new BatchMaker(search.valid(), normalization, augmentation, Seeds.seed(seed, "data.valid"));
  }
}
