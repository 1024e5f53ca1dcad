package org.sparknas.core.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads Fashion-MNIST (or MNIST) in IDX format from a directory on any Hadoop filesystem.
 *
 * <pre>{@code
 * ImageDataset train = new FashionMnistReader().read("file:///usr/share/datasets/fashion-mnist", Split.TRAIN);
 * }</pre>
 *
 * <p>Files: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each plain or with a {@code .gz} suffix (the {@code .gz} name is
 * tried first). Compression is decided by the gzip magic bytes, not the name. IDX layout: a
 * big-endian int magic number (2051 images, 2049 labels), big-endian int dimensions (count, rows,
 * columns), then unsigned bytes. Pixels are divided by 255; images are 1x28x28 for Fashion-MNIST but
 * any size the header gives is accepted. Labels must be in 0..9.
 */
public final class FashionMnistReader {
  /** The dataset name carried by the images this reader returns. */
  public static final String NAME = "fashion-mnist";
  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
  public static final int IMAGES_MAGIC = 2051;
  public static final int LABELS_MAGIC = 2049;
  public static final int NUM_CLASSES = 10;

  private final DataFiles files;

  public FashionMnistReader() {
    this(new Configuration());
  }

  public FashionMnistReader(Configuration conf) {
    this.files = new DataFiles(conf);
  }

  /** Reads the images and labels of {@code split} from directory {@code dir} (path or URI). */
  public ImageDataset read(String dir, Split split) {
    String prefix = split == Split.TRAIN ? "train" : "t10k";
    Path imagesPath = locate(dir, prefix + "-images-idx3-ubyte");
    Path labelsPath = locate(dir, prefix + "-labels-idx1-ubyte");
    String imagesUri = files.uri(imagesPath);
    String labelsUri = files.uri(labelsPath);

    byte[] img = files.readAll(imagesPath);
    checkHeader(imagesUri, img, IMAGES_MAGIC, 16);
    int n = dim(imagesUri, img, 4, "image count");
    int rows = dim(imagesUri, img, 8, "rows");
    int cols = dim(imagesUri, img, 12, "columns");
    checkLength(imagesUri, img, 16 + (long) n * rows * cols);

    byte[] lab = files.readAll(labelsPath);
    checkHeader(labelsUri, lab, LABELS_MAGIC, 8);
    int m = dim(labelsUri, lab, 4, "label count");
    checkLength(labelsUri, lab, 8L + m);
    if (m != n) {
      throw new DatasetException("image/label count mismatch: " + imagesUri + " has " + n + " images but "
          + labelsUri + " has " + m + " labels");
    }

    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int l = lab[8 + i] & 0xff;
      if (l >= NUM_CLASSES) {
        throw DatasetException.inFile(labelsUri,
            "label " + l + " of image " + i + " is out of range 0.." + (NUM_CLASSES - 1));
      }
      labels[i] = l;
    }
    float[] pixels = new float[n * rows * cols];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (img[16 + i] & 0xff) / 255f;
    }
    return ImageDataset.wrap(NAME, pixels, labels, 1, rows, cols, NUM_CLASSES);
  }

  /** {@code name.gz} if it exists, else {@code name}, else a missing-file error naming both. */
  private Path locate(String dir, String name) {
    Path gz = files.child(dir, name + ".gz");
    if (files.isFile(gz)) {
      return gz;
    }
    Path plain = files.child(dir, name);
    if (files.isFile(plain)) {
      return plain;
    }
    throw files.missing(plain, " (also tried " + files.uri(gz) + ")");
  }

  private static void checkHeader(String uri, byte[] b, int magic, int headerBytes) {
    if (b.length < headerBytes) {
      throw DatasetException.inFile(uri,
          "truncated file: expected at least " + headerBytes + " header bytes, got " + b.length);
    }
    int got = DataFiles.readIntBigEndian(b, 0);
    if (got != magic) {
      throw DatasetException.inFile(uri, "wrong magic number: expected " + magic + ", got " + got
          + (got == IMAGES_MAGIC || got == LABELS_MAGIC ? " (images and labels files swapped?)" : ""));
    }
  }

  private static int dim(String uri, byte[] b, int off, String what) {
    int v = DataFiles.readIntBigEndian(b, off);
    if (v < 0) {
      throw DatasetException.inFile(uri, "negative " + what + " " + v + " in header");
    }
    return v;
  }

  private static void checkLength(String uri, byte[] b, long expected) {
    if (b.length < expected) {
      throw DatasetException.inFile(uri, "truncated file: expected " + expected + " bytes, got " + b.length);
    }
    if (b.length > expected) {
      throw DatasetException.inFile(uri, "file too long: header says " + expected + " bytes, got " + b.length);
    }
  }
}
