package org.sparknas.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX and CIFAR-10 files with known contents for the reader tests. */
final class DataFixtures {
  private DataFixtures() {}

  /** Pixel byte of image i at position j: distinct enough to catch any reordering. */
  static int pixelByte(int i, int j) {
    return (i * 37 + j * 11) & 0xff;
  }

  static byte[] idxImages(int magic, int n, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
    b.putInt(magic).putInt(n).putInt(rows).putInt(cols);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < rows * cols; j++) {
        b.put((byte) pixelByte(i, j));
      }
    }
    return b.array();
  }

  static byte[] idxLabels(int magic, int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(magic).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** Writes a complete IDX set for {@code prefix} ("train" or "t10k"), gzipped or plain. */
  static void writeIdxSet(Path dir, String prefix, int rows, int cols, int[] labels, boolean gz) throws IOException {
    byte[] img = idxImages(FashionMnistReader.IMAGES_MAGIC, labels.length, rows, cols);
    byte[] lab = idxLabels(FashionMnistReader.LABELS_MAGIC, labels);
    String suffix = gz ? ".gz" : "";
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz ? gzip(img) : img);
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz ? gzip(lab) : lab);
  }

  /** CIFAR records for labels, pixel byte j of record i = pixelByte(i + first, j). */
  static byte[] cifarRecords(int[] labels, int first) {
    byte[] b = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
    for (int i = 0; i < labels.length; i++) {
      int off = i * Cifar10Reader.RECORD_BYTES;
      b[off] = (byte) labels[i];
      for (int j = 0; j < 3072; j++) {
        b[off + 1 + j] = (byte) pixelByte(i + first, j);
      }
    }
    return b;
  }
}
