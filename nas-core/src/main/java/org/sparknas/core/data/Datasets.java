package org.sparknas.core.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.runtime.Seeds;

/**
 * Loads a dataset by format name into a {@link DataSource}, reading and checking every file up front
 * so that a missing or corrupt file fails before any work starts.
 *
 * <pre>{@code
 * DataSource d = Datasets.load(DataSettings.defaults("fashion-mnist", "file:///usr/share/datasets/fashion-mnist"));
 * }</pre>
 *
 * <p>Each JVM keeps the sources it loaded last: an executor that receives a {@link DataSource} as its
 * settings resolves it through {@link #cached}, so it reads the files once, not once per task, and in
 * local mode it finds the driver's own copy.
 */
public final class Datasets {
  /** The format names {@link #load} accepts. */
  public static final List<String> FORMATS = List.of(FashionMnistReader.NAME, Cifar10Reader.NAME, SyntheticDataset.NAME);

  /** How many loaded sources a JVM keeps (a search uses one; the ranking study and tests a few). */
  private static final int CACHED_SOURCES = 2;

  private static final Map<DataSettings, DataSource> LOADED = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<DataSettings, DataSource> eldest) {
      return size() > CACHED_SOURCES;
    }
  };

  private record ImagesKey(DataSettings settings, Split split) {}

  private static final Map<ImagesKey, ImageDataset> IMAGES = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ImagesKey, ImageDataset> eldest) {
      return size() > CACHED_SOURCES;
    }
  };

  private Datasets() {}

  /**
   * The source for {@code s} this JVM loaded last, or a fresh {@link #load} with the Hadoop settings
   * {@code conf} gives (asked only then: building them parses XML, and most calls are hits): how
   * executors resolve a source that arrived as its settings. Loads under a lock, so concurrent tasks
   * read the files once.
   */
  public static DataSource cached(DataSettings s, Supplier<Configuration> conf) {
    synchronized (LOADED) {
      DataSource d = LOADED.get(s);
      return d != null ? d : load(s, conf.get());
    }
  }

  /**
   * {@link #loadTrain} or {@link #loadTest} of {@code s}, kept per JVM like {@link #cached}: how Spark
   * executors get the images a retrain or a prediction job asks them to batch, reading the files once.
   */
  public static ImageDataset cachedImages(DataSettings s, Split split, Supplier<Configuration> conf) {
    synchronized (IMAGES) {
      return IMAGES.computeIfAbsent(new ImagesKey(s, split),
          k -> split == Split.TRAIN ? loadTrain(s, conf.get()) : loadTest(s, conf.get()));
    }
  }

  /** {@link #load(DataSettings, Configuration)} with the default Hadoop configuration. */
  public static DataSource load(DataSettings s) {
    return load(s, new Configuration());
  }

  /**
   * Reads (or generates) the training set, splits, subsets and picks the normalisation; always reads
   * the files, and the result replaces any cached source for {@code s}. The test files are not read.
   */
  public static DataSource load(DataSettings s, Configuration conf) {
    ImageDataset train = read(s, Split.TRAIN, conf);
    if (s.trainSubset() > train.size()) {
      // using all of a 60,000-image file when a few hundred were meant costs minutes, not seconds
      throw new ConfigException("nas.data.subset", s.trainSubset() + " images asked for, but the " + train.name()
          + " training set has " + train.size() + "; lower it (0 = all)");
    }
    SearchSplit split = SearchSplit.of(train, s.trainSubset(), s.portion(), s.seed());
    DataSource source = new DataSource(train.name(), split, normalization(s, split.train()), s.augmentation(),
        s.seed(), s);
    synchronized (LOADED) {
      LOADED.put(s, source);
    }
    return source;
  }

  /**
   * The whole training split of the dataset {@code s} names, or the seeded choice of
   * {@code trainSubset} images when that is set (the same images a search with that subset splits in
   * two), in file order: what a found architecture is retrained on.
   */
  public static ImageDataset loadTrain(DataSettings s, Configuration conf) {
    return read(s, Split.TRAIN, conf).sample(s.trainSubset(), Seeds.seed(s.seed(), "data.subset"));
  }

  /**
   * The normalisation of {@code s}: none when switched off, else the dataset's published statistics,
   * else those computed from {@code train} (images the architecture is never judged on).
   */
  public static Normalization normalization(DataSettings s, ImageDataset train) {
    if (!s.normalise()) {
      return Normalization.identity(train.channels());
    }
    Normalization known = Normalization.published(train.name());
    return known != null && known.channels() == train.channels() ? known : Normalization.computed(train);
  }

  /**
   * The test split of the dataset {@code s} names ({@code t10k} of Fashion-MNIST, {@code test_batch.bin}
   * of CIFAR-10), sampled to {@code testSubset} images when that is set. Only the final score of a
   * retrained architecture reads it.
   */
  public static ImageDataset loadTest(DataSettings s, Configuration conf) {
    return read(s, Split.TEST, conf).sample(s.testSubset(), Seeds.seed(s.seed(), "data.test-subset"));
  }

  private static ImageDataset read(DataSettings s, Split split, Configuration conf) {
    return switch (s.format()) {
      case FashionMnistReader.NAME ->
          new FashionMnistReader(conf).read(s.path().isBlank() ? FashionMnistReader.DEFAULT_DIR : s.path(), split);
      case Cifar10Reader.NAME -> new Cifar10Reader(conf).read(s.path(), split);
      case SyntheticDataset.NAME -> s.synthetic().generate(split, s.seed());
      default -> throw new DatasetException(
          "unknown dataset format '" + s.format() + "' (data.format); expected one of " + FORMATS);
    };
  }
}
