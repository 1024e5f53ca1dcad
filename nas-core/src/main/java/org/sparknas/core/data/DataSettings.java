package org.sparknas.core.data;

/**
 * What {@link Datasets#load} needs, as plain values; parsing the {@code nas.data} config block into
 * this record happens elsewhere.
 *
 * <pre>{@code
 * DataSettings s = DataSettings.defaults("cifar10", "hdfs:///datasets/cifar10").withTrainSubset(10_000).withSeed(7);
 * }</pre>
 *
 * @param format       {@code fashion-mnist}, {@code cifar10} or {@code synthetic}
 * @param path         directory (plain path or Hadoop URI) holding the files; empty for {@code synthetic},
 *                     empty for {@code fashion-mnist} means {@link FashionMnistReader#DEFAULT_DIR}
 * @param trainSubset  images of the training file to search on, 0 = all (see {@link SearchSplit})
 * @param testSubset   images of the test file to keep (seeded random choice), 0 = all
 * @param portion      fraction of the search images used for weights; the rest tunes the architecture
 * @param normalise    per-channel normalisation on: published statistics when known, else computed
 *                     from the weights half
 * @param augmentation crop/flip applied to search batches (both halves, as DARTS does), never to test
 * @param synthetic    sizes and signal of the synthetic set (ignored for the file formats)
 * @param seed         master seed; subsets, sampling and augmentation derive their seeds from it
 */
public record DataSettings(
    String format,
    String path,
    int trainSubset,
    int testSubset,
    double portion,
    boolean normalise,
    Augmentation augmentation,
    SyntheticDataset synthetic,
    long seed) implements java.io.Serializable {

  public DataSettings {
    if (format == null || format.isBlank()) {
      throw new IllegalArgumentException("data.format is missing; expected one of " + Datasets.FORMATS);
    }
    if (path == null) {
      path = "";
    }
    if (trainSubset < 0) {
      throw new IllegalArgumentException("data.trainSubset must be >= 0 (0 = all), got " + trainSubset);
    }
    if (testSubset < 0) {
      throw new IllegalArgumentException("data.testSubset must be >= 0 (0 = all), got " + testSubset);
    }
    if (!(portion > 0 && portion < 1)) {
      throw new IllegalArgumentException("data.portion must be strictly between 0 and 1, got " + portion);
    }
    if (augmentation == null) {
      augmentation = Augmentation.NONE;
    }
    if (synthetic == null) {
      synthetic = SyntheticDataset.defaults();
    }
  }

  /**
   * For log lines: the format and where it is read from ({@code fashion-mnist from '/data/fm'}), or
   * for the synthetic set its shape, since it reads no file.
   */
  public String describe() {
    if (format.equals(SyntheticDataset.NAME)) {
      return String.format("synthetic (%d %dx%dx%d images, %d classes)", synthetic.trainSize(), synthetic.channels(),
          synthetic.height(), synthetic.width(), synthetic.classes());
    }
    String dir = format.equals(FashionMnistReader.NAME) && path.isBlank() ? FashionMnistReader.DEFAULT_DIR : path;
    return format + " from '" + dir + "'";
  }

  /**
   * All images, portion 0.5, normalisation on, seed 0; augmentation as in DARTS search for
   * {@code cifar10} (crop with padding 4, flip) and off otherwise; default synthetic parameters.
   */
  public static DataSettings defaults(String format, String path) {
    Augmentation aug = Cifar10Reader.NAME.equals(format) ? new Augmentation(true, 4, true) : Augmentation.NONE;
    return new DataSettings(format, path, 0, 0, SearchSplit.DEFAULT_PORTION, true, aug, SyntheticDataset.defaults(), 0L);
  }

  public DataSettings withTrainSubset(int n) {
    return new DataSettings(format, path, n, testSubset, portion, normalise, augmentation, synthetic, seed);
  }

  public DataSettings withTestSubset(int n) {
    return new DataSettings(format, path, trainSubset, n, portion, normalise, augmentation, synthetic, seed);
  }

  public DataSettings withPortion(double p) {
    return new DataSettings(format, path, trainSubset, testSubset, p, normalise, augmentation, synthetic, seed);
  }

  public DataSettings withNormalise(boolean on) {
    return new DataSettings(format, path, trainSubset, testSubset, portion, on, augmentation, synthetic, seed);
  }

  public DataSettings withAugmentation(Augmentation a) {
    return new DataSettings(format, path, trainSubset, testSubset, portion, normalise, a, synthetic, seed);
  }

  public DataSettings withSynthetic(SyntheticDataset s) {
    return new DataSettings(format, path, trainSubset, testSubset, portion, normalise, augmentation, s, seed);
  }

  public DataSettings withSeed(long s) {
    return new DataSettings(format, path, trainSubset, testSubset, portion, normalise, augmentation, synthetic, s);
  }
}
