package org.sparknas.core.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable in-memory labelled image set: pixels in NCHW order as read (for the image readers
 * 0..1 after division by 255), one class label per image.
 *
 * <pre>{@code
 * ImageDataset train = new FashionMnistReader().read("/usr/share/datasets/fashion-mnist", Split.TRAIN);
 * Batch b = train.batch(new int[] {0, 1, 2}, Normalization.FASHION_MNIST);
 * }</pre>
 *
 * <p>Instances never expose their arrays: accessors return copies, and {@link #subset} copies the
 * selected images, so a dataset can be shared between threads and broadcast as is.
 */
public final class ImageDataset implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final float[] pixels;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final int numClasses;

  private ImageDataset(String name, float[] pixels, int[] labels, int channels, int height, int width, int numClasses) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("dataset name must not be empty");
    }
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          name + ": image shape must be positive, got channels=" + channels + " height=" + height + " width=" + width);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException(name + ": numClasses must be at least 2, got " + numClasses);
    }
    long perImage = (long) channels * height * width;
    if ((long) labels.length * perImage != pixels.length) {
      throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + labels.length * perImage
          + " pixel values of shape " + channels + "x" + height + "x" + width + ", got " + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new DatasetException(
            name + ": label " + labels[i] + " of image " + i + " is out of range 0.." + (numClasses - 1));
      }
    }
    this.name = name;
    this.pixels = pixels;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.numClasses = numClasses;
  }

  /** A dataset holding copies of {@code pixels} (n*c*h*w values, NCHW) and {@code labels} (n values). */
  public static ImageDataset of(
      String name, float[] pixels, int[] labels, int channels, int height, int width, int numClasses) {
    return new ImageDataset(name, pixels.clone(), labels.clone(), channels, height, width, numClasses);
  }

  /** Takes ownership of the arrays without copying: only for readers that built them and drop them. */
  static ImageDataset wrap(
      String name, float[] pixels, int[] labels, int channels, int height, int width, int numClasses) {
    return new ImageDataset(name, pixels, labels, channels, height, width, numClasses);
  }

  public String name() {
    return name;
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int numClasses() {
    return numClasses;
  }

  /** Values per image: channels * height * width. */
  public int imageSize() {
    return channels * height * width;
  }

  public int label(int i) {
    return labels[i];
  }

  /** A copy of all labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** A copy of image {@code i}, CHW. */
  public float[] image(int i) {
    int d = imageSize();
    return Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
  }

  /** Pixel {@code (c, y, x)} of image {@code i}. */
  public float pixel(int i, int c, int y, int x) {
    return pixels[((i * channels + c) * height + y) * width + x];
  }

  /** Images per class, indexed by class. */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (int l : labels) {
      counts[l]++;
    }
    return counts;
  }

  /** A new dataset holding copies of the images at {@code indices}, in that order (repeats allowed). */
  public ImageDataset subset(int[] indices) {
    int d = imageSize();
    float[] px = new float[Math.multiplyExact(indices.length, d)];
    int[] lb = new int[indices.length];
    for (int j = 0; j < indices.length; j++) {
      int i = indices[j];
      if (i < 0 || i >= labels.length) {
        throw new IndexOutOfBoundsException(name + ": index " + i + " outside 0.." + (labels.length - 1));
      }
      System.arraycopy(pixels, i * d, px, j * d, d);
      lb[j] = labels[i];
    }
    return new ImageDataset(name, px, lb, channels, height, width, numClasses);
  }

  /**
   * A seeded random choice of {@code count} distinct images, kept in file order; {@code count} 0 or
   * at least {@link #size()} returns this dataset unchanged. Every image has the same chance to be
   * chosen, so classes are balanced in expectation as in the full set.
   */
  public ImageDataset sample(int count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException(name + ": sample size must be >= 0, got " + count);
    }
    if (count == 0 || count >= size()) {
      return this;
    }
    return subset(sampleIndices(size(), count, seed));
  }

  /** {@code count} distinct indices of {@code 0..n-1}, drawn by a seeded partial shuffle, then sorted. */
  static int[] sampleIndices(int n, int count, long seed) {
    int[] chosen = drawIndices(n, count, seed);
    Arrays.sort(chosen);
    return chosen;
  }

  /** {@code count} distinct indices of {@code 0..n-1} in the random order of a seeded partial shuffle. */
  static int[] drawIndices(int n, int count, long seed) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      int j = i + rng.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return Arrays.copyOf(perm, count);
  }

  /** A batch of the images at {@code indices}, normalised, without augmentation. */
  public Batch batch(int[] indices, Normalization normalization) {
    return new BatchMaker(this, normalization, Augmentation.NONE, 0L).make(indices, 0L);
  }

  /** The backing pixel array, for the package's hot loops only; never modified, never leaked. */
  float[] pixelsUnsafe() {
    return pixels;
  }

  @Override
  public String toString() {
    return name + "[" + size() + " x " + channels + "x" + height + "x" + width + ", " + numClasses + " classes]";
  }
}
