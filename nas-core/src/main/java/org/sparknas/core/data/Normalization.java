package org.sparknas.core.data;

import java.util.Arrays;

/**
 * Per-channel normalisation {@code (v - mean[c]) / std[c]}, applied when a batch is materialised (after
 * augmentation, so crop padding is a raw 0 as in torchvision's {@code RandomCrop} then {@code Normalize}).
 *
 * <pre>{@code
 * Normalization n = Normalization.computed(split.train());   // or Normalization.CIFAR10
 * }</pre>
 */
public final class Normalization implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Fashion-MNIST training-set statistics. */
  public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});
  /** CIFAR-10 training-set statistics, as DARTS uses them. */
  public static final Normalization CIFAR10 = new Normalization(
      new float[] {0.49139968f, 0.48215827f, 0.44653124f}, new float[] {0.24703233f, 0.24348505f, 0.26158768f});

  private final float[] mean;
  private final float[] std;

  private Normalization(float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("normalisation needs one mean and one std per channel, got "
          + mean.length + " means and " + std.length + " stds");
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("normalisation std must be positive and finite, got " + Arrays.toString(std));
      }
    }
    this.mean = mean;
    this.std = std;
  }

  /** Given statistics, one value per channel. */
  public static Normalization of(double[] mean, double[] std) {
    float[] m = new float[mean.length];
    float[] s = new float[std.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) mean[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) std[i];
    }
    return new Normalization(m, s);
  }

  /** Mean 0, std 1: leaves values as they are. */
  public static Normalization identity(int channels) {
    float[] m = new float[channels];
    float[] s = new float[channels];
    Arrays.fill(s, 1f);
    return new Normalization(m, s);
  }

  /** The published statistics of a dataset by name ({@code fashion-mnist}, {@code cifar10}); null if none. */
  public static Normalization published(String datasetName) {
    return switch (datasetName) {
      case FashionMnistReader.NAME -> FASHION_MNIST;
      case Cifar10Reader.NAME -> CIFAR10;
      default -> null;
    };
  }

  /**
   * Per-channel mean and population standard deviation over every pixel of {@code data} (pass the
   * training half, never data the architecture is judged on). A constant channel gets std 1.
   */
  public static Normalization computed(ImageDataset data) {
    int c = data.channels();
    int plane = data.height() * data.width();
    float[] px = data.pixelsUnsafe();
    double[] sum = new double[c];
    double[] sumSq = new double[c];
    for (int i = 0; i < data.size(); i++) {
      for (int ch = 0; ch < c; ch++) {
        int off = (i * c + ch) * plane;
        double s = 0;
        double q = 0;
        for (int j = 0; j < plane; j++) {
          double v = px[off + j];
          s += v;
          q += v * v;
        }
        sum[ch] += s;
        sumSq[ch] += q;
      }
    }
    double count = (double) data.size() * plane;
    float[] m = new float[c];
    float[] s = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double mu = sum[ch] / count;
      double var = Math.max(0, sumSq[ch] / count - mu * mu);
      m[ch] = (float) mu;
      s[ch] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
    }
    return new Normalization(m, s);
  }

  public int channels() {
    return mean.length;
  }

  public float mean(int channel) {
    return mean[channel];
  }

  public float std(int channel) {
    return std[channel];
  }

  /** Normalises one CHW image of {@code plane = h*w} values per channel, in place, at {@code off}. */
  public void applyInPlace(float[] image, int off, int plane) {
    for (int c = 0; c < mean.length; c++) {
      float m = mean[c];
      float inv = 1f / std[c];
      int base = off + c * plane;
      for (int j = 0; j < plane; j++) {
        image[base + j] = (image[base + j] - m) * inv;
      }
    }
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
