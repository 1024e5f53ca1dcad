package org.sparknas.spark;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Fashion-MNIST-format IDX files on any Hadoop filesystem, for tests. */
final class IdxFixtures {
  private IdxFixtures() {}

  /** A small Fashion-MNIST directory: 96 training and 24 test images ({@link #write}, seeds 1 and 2). */
  static void smallDataset(FileSystem fs, String dir) throws IOException {
    write(fs, dir, "train", 96, 1);
    write(fs, dir, "t10k", 24, 2);
  }

  /**
   * {@code <dir>/<prefix>-images-idx3-ubyte} and {@code <dir>/<prefix>-labels-idx1-ubyte}: big-endian
   * magic 2051 / 2049, big-endian dimensions, then uint8 values; 8x8 images whose brightness follows
   * the label (10 classes).
   */
  static void write(FileSystem fs, String dir, String prefix, int count, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] labels = new int[count];
    try (DataOutputStream out = new DataOutputStream(fs.create(new Path(dir + "/" + prefix + "-labels-idx1-ubyte")))) {
      out.writeInt(2049);
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        labels[i] = rng.nextInt(10);
        out.writeByte(labels[i]);
      }
    }
    try (DataOutputStream out = new DataOutputStream(fs.create(new Path(dir + "/" + prefix + "-images-idx3-ubyte")))) {
      out.writeInt(2051);
      out.writeInt(count);
      out.writeInt(8);
      out.writeInt(8);
      for (int i = 0; i < count; i++) {
        for (int p = 0; p < 64; p++) {
          out.writeByte(Math.min(255, labels[i] * 20 + rng.nextInt(60)));
        }
      }
    }
  }
}
