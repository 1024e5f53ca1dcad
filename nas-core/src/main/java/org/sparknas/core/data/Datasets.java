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

  /** {@link #load(DataSettings, Configuration)} with the default Hadoop configuration. */
  public static DataSource load(DataSettings s) {
    return load(s, new Configuration());
  }

  /**
   * Reads (or generates) train and test sets, splits, subsets and picks the normalisation; always
   * reads the files, and the result replaces any cached source for {@code s}.
   */
  public static DataSource load(DataSettings s, Configuration conf) {
    ImageDataset train;
    ImageDataset test;
    switch (s.format()) {
      case FashionMnistReader.NAME -> {
        String dir = s.path().isBlank() ? FashionMnistReader.DEFAULT_DIR : s.path();
        FashionMnistReader r = new FashionMnistReader(conf);
        train = r.read(dir, Split.TRAIN);
        test = r.read(dir, Split.TEST);
      }
      case Cifar10Reader.NAME -> {
        Cifar10Reader r = new Cifar10Reader(conf);
        train = r.read(s.path(), Split.TRAIN);
        test = r.read(s.path(), Split.TEST);
      }
      case SyntheticDataset.NAME -> {
        train = s.synthetic().generate(Split.TRAIN, s.seed());
        test = s.synthetic().generate(Split.TEST, s.seed());
      }
      default -> throw new DatasetException(
          "unknown dataset format '" + s.format() + "' (data.format); expected one of " + FORMATS);
    }
    if (s.trainSubset() > train.size()) {
      // using all of a 60,000-image file when a few hundred were meant costs minutes, not seconds
      throw new ConfigException("nas.data.subset", s.trainSubset() + " images asked for, but the " + train.name()
          + " training set has " + train.size() + "; lower it (0 = all)");
    }
    SearchSplit split = SearchSplit.of(train, s.trainSubset(), s.portion(), s.seed());
    test = test.sample(s.testSubset(), Seeds.seed(s.seed(), "data.test-subset"));
    Normalization norm = Normalization.identity(train.channels());
    if (s.normalise()) {
      Normalization known = Normalization.published(train.name());
      norm = known != null && known.channels() == train.channels() ? known : Normalization.computed(split.train());
    }
    DataSource source = new DataSource(train.name(), split, test, norm, s.augmentation(), s.seed(), s);
    synchronized (LOADED) {
      LOADED.put(s, source);
    }
    return source;
  }
}
