package org.sparknas.core.data;

import java.util.SplittableRandom;
import org.sparknas.core.runtime.Seeds;

/**
 * A seeded generator of images whose class is a planted, zero-mean, high-frequency pattern under
 * Gaussian noise: an easy task with a known answer for tests and quick searches.
 *
 * <pre>{@code
 * ImageDataset train = SyntheticDataset.defaults().withClasses(4).generate(Split.TRAIN, 42L);
 * }</pre>
 *
 * <p>What is planted: image {@code i} of class {@code k} is {@code amplitude * P_k(y, x) + noise * z},
 * with {@code z} i.i.d. standard normal per value and the same pattern {@code P_k} on every channel.
 * Patterns take values +-1:
 * <ul>
 *   <li>0: checkerboard {@code (-1)^(x+y)}; 1: its negation;
 *   <li>2: vertical stripes of period 2, {@code (-1)^x}; 3: their negation;
 *   <li>4: horizontal stripes of period 2, {@code (-1)^y}; 5: their negation;
 *   <li>6: vertical stripes of period 4, {@code +1} for {@code x mod 4 < 2} else {@code -1}; 7: their negation.
 * </ul>
 * On even sizes (multiples of 4 for classes 6 and 7) the patterns are mutually orthogonal and sum to
 * zero, so no class differs in mean brightness and only spatial structure (3x3 or 1x2 filters and a
 * sign) identifies the class. Labels are drawn uniformly, so classes are balanced in expectation.
 *
 * <p>Each image draws from its own generator seeded with {@code Seeds.seed(seed, "synthetic.train"
 * or "synthetic.test", i)}: same seed gives identical data, train and test are independent, and the
 * first {@code n} images do not depend on how many are generated.
 */
public record SyntheticDataset(
    int trainSize, int testSize, int classes, int channels, int height, int width, double amplitude, double noise)
    implements java.io.Serializable {

  public static final String NAME = "synthetic";
  public static final int MAX_CLASSES = 8;

  public SyntheticDataset {
    if (trainSize < 1 || testSize < 1) {
      throw new IllegalArgumentException(
          "data.synthetic: trainSize and testSize must be >= 1, got " + trainSize + " and " + testSize);
    }
    if (classes < 2 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException("data.synthetic.classes must be in 2.." + MAX_CLASSES + ", got " + classes);
    }
    if (channels < 1 || height < 2 || width < 2) {
      throw new IllegalArgumentException("data.synthetic: need channels >= 1, height >= 2, width >= 2, got "
          + channels + "x" + height + "x" + width);
    }
    if (!(amplitude > 0) || !(noise >= 0) || Double.isInfinite(amplitude) || Double.isInfinite(noise)) {
      throw new IllegalArgumentException("data.synthetic: amplitude must be > 0 and noise >= 0, got amplitude="
          + amplitude + " noise=" + noise);
    }
  }

  /** 512 train / 128 test images, 4 classes, 1x16x16, amplitude 0.5, noise 1.0 (visible but not trivial). */
  public static SyntheticDataset defaults() {
    return new SyntheticDataset(512, 128, 4, 1, 16, 16, 0.5, 1.0);
  }

  public SyntheticDataset withSizes(int train, int test) {
    return new SyntheticDataset(train, test, classes, channels, height, width, amplitude, noise);
  }

  public SyntheticDataset withClasses(int k) {
    return new SyntheticDataset(trainSize, testSize, k, channels, height, width, amplitude, noise);
  }

  public SyntheticDataset withShape(int c, int h, int w) {
    return new SyntheticDataset(trainSize, testSize, classes, c, h, w, amplitude, noise);
  }

  public SyntheticDataset withSignal(double amp, double sigma) {
    return new SyntheticDataset(trainSize, testSize, classes, channels, height, width, amp, sigma);
  }

  /** Generates the {@code split} set ({@link #trainSize} or {@link #testSize} images) from {@code seed}. */
  public ImageDataset generate(Split split, long seed) {
    int n = split == Split.TRAIN ? trainSize : testSize;
    String phase = split == Split.TRAIN ? "synthetic.train" : "synthetic.test";
    int plane = height * width;
    int d = channels * plane;
    float[][] patterns = new float[classes][];
    for (int k = 0; k < classes; k++) {
      patterns[k] = pattern(k, height, width);
    }
    float[] pixels = new float[Math.multiplyExact(n, d)];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      SplittableRandom rng = new SplittableRandom(Seeds.seed(seed, phase, i));
      int k = rng.nextInt(classes);
      labels[i] = k;
      for (int c = 0; c < channels; c++) {
        int off = i * d + c * plane;
        for (int j = 0; j < plane; j++) {
          pixels[off + j] = (float) (amplitude * patterns[k][j] + noise * gaussian(rng));
        }
      }
    }
    return ImageDataset.wrap(NAME, pixels, labels, channels, height, width, classes);
  }

  /** The +-1 pattern of class {@code k}, one h*w plane in row-major order. */
  public static float[] pattern(int k, int height, int width) {
    if (k < 0 || k >= MAX_CLASSES) {
      throw new IllegalArgumentException("synthetic pattern class must be in 0.." + (MAX_CLASSES - 1) + ", got " + k);
    }
    float sign = k % 2 == 0 ? 1f : -1f;
    float[] p = new float[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean plus = switch (k / 2) {
          case 0 -> (x + y) % 2 == 0;
          case 1 -> x % 2 == 0;
          case 2 -> y % 2 == 0;
          default -> x % 4 < 2;
        };
        p[y * width + x] = plus ? sign : -sign;
      }
    }
    return p;
  }

  /** A standard normal draw by Box-Muller, so the stream is fixed by this code, not by the JDK. */
  private static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble(); // in (0, 1], keeps log finite
    double v = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
