package org.sparknas.core.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads CIFAR-10 in its binary format from a directory on any Hadoop filesystem.
 *
 * <pre>{@code
 * ImageDataset train = new Cifar10Reader().read("hdfs:///datasets/cifar-10-batches-bin", Split.TRAIN);
 * }</pre>
 *
 * <p>Each file is a sequence of 3073-byte records: one label byte (0..9), then 1024 red, 1024 green
 * and 1024 blue bytes, each plane a 32x32 image in row-major order, which is exactly CHW. Training
 * reads whichever of {@code data_batch_1.bin} .. {@code data_batch_5.bin} exist, in that order
 * ({@code data_batch_1.bin} is required, so a partial copy works but an empty directory does not);
 * test reads {@code test_batch.bin}. If the directory lacks these files but has a
 * {@code cifar-10-batches-bin} sub-directory (the tarball's layout), that is used. Files may be
 * gzipped (detected by magic bytes). Pixels are divided by 255.
 */
public final class Cifar10Reader {
  public static final String NAME = "cifar10";
  public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
  public static final int NUM_CLASSES = 10;
  public static final String TARBALL_DIR = "cifar-10-batches-bin";

  private final DataFiles files;

  public Cifar10Reader() {
    this(new Configuration());
  }

  public Cifar10Reader(Configuration conf) {
    this.files = new DataFiles(conf);
  }

  /** Reads the training batches or the test batch of directory {@code dir} (path or URI). */
  public ImageDataset read(String dir, Split split) {
    String first = split == Split.TRAIN ? "data_batch_1.bin" : "test_batch.bin";
    String base = dir;
    if (!files.isFile(files.child(dir, first)) && files.isFile(files.child(dir, TARBALL_DIR + "/" + first))) {
      base = files.child(dir, TARBALL_DIR).toString();
    }
    List<Path> paths = new ArrayList<>();
    Path firstPath = files.child(base, first);
    if (!files.isFile(firstPath)) {
      throw files.missing(firstPath, "");
    }
    paths.add(firstPath);
    if (split == Split.TRAIN) {
      for (int k = 2; k <= 5; k++) {
        Path p = files.child(base, "data_batch_" + k + ".bin");
        if (files.isFile(p)) {
          paths.add(p);
        }
      }
    }

    List<byte[]> contents = new ArrayList<>();
    long total = 0;
    for (Path p : paths) {
      String uri = files.uri(p);
      byte[] b = files.readAll(p);
      if (b.length == 0) {
        throw DatasetException.inFile(uri, "empty file");
      }
      if (b.length % RECORD_BYTES != 0) {
        throw DatasetException.inFile(uri, "length " + b.length + " is not a multiple of the record size "
            + RECORD_BYTES + " (truncated or not CIFAR-10 binary: " + b.length / RECORD_BYTES
            + " whole records and " + b.length % RECORD_BYTES + " extra bytes)");
      }
      for (int r = 0; r < b.length / RECORD_BYTES; r++) {
        int l = b[r * RECORD_BYTES] & 0xff;
        if (l >= NUM_CLASSES) {
          throw DatasetException.inFile(uri,
              "label " + l + " of record " + r + " is out of range 0.." + (NUM_CLASSES - 1));
        }
      }
      contents.add(b);
      total += b.length / RECORD_BYTES;
    }

    int d = RECORD_BYTES - 1;
    int n = Math.toIntExact(total);
    int[] labels = new int[n];
    float[] pixels = new float[Math.multiplyExact(n, d)];
    int i = 0;
    for (byte[] b : contents) {
      for (int off = 0; off < b.length; off += RECORD_BYTES, i++) {
        labels[i] = b[off] & 0xff;
        int dst = i * d;
        for (int j = 0; j < d; j++) {
          pixels[dst + j] = (b[off + 1 + j] & 0xff) / 255f;
        }
      }
    }
    return ImageDataset.wrap(NAME, pixels, labels, 3, 32, 32, NUM_CLASSES);
  }
}
