package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.supernet.ParameterSet;

/**
 * Test helpers: central finite differences against analytic gradients, and the re-run judge of
 * specs/cpu-performance.md (max |diff| / max |ref| per array).
 */
public final class GradCheck {
  /** Central-difference step for double-precision graphs. */
  public static final double EPS = 1e-6;
  /**
   * Central-difference step for the float engine: its loss carries round-off of about 1e-6 (float
   * activations summed in double), so the step must be large for the difference to rise above it.
   */
  public static final double FLOAT_EPS = 1e-3;
  /** Relative tolerance against float central differences: round-off 1e-6 / FLOAT_EPS plus kinks (ReLU, max) crossed. */
  public static final double FLOAT_TOLERANCE = 2e-2;
  /**
   * Relative tolerance in double: truncation error is O(EPS^2) ~ 1e-12 and round-off about
   * 1e-16 |L| / EPS ~ 1e-10 |L|, so anything above 1e-6 is a wrong gradient, not noise.
   */
  public static final double TOLERANCE = 1e-6;
  /** Smallest gradient scale a relative error is taken against (see {@link #relativeError}). */
  public static final double FLOOR = 1e-2;
  /** The re-run judge: re-used graph versus a freshly built one on the same batch. */
  public static final double RERUN_TOLERANCE = 1e-5;

  private GradCheck() {}

  /**
   * Relative error of {@code analytic} against central differences of {@code loss} at a few entries
   * of {@code array} (perturbed in place and restored): the entry with the largest analytic gradient
   * plus {@code samples - 1} random ones. Error = max |fd - an| / max(max |an|, max |fd|, FLOOR): the
   * floor keeps gradients that are zero in theory (a scale in front of batch norm: only eps makes it
   * non-zero) from turning round-off (about 1e-10 |L| here) into a large relative error.
   */
  public static double relativeError(INDArray array, INDArray analytic, DoubleSupplier loss, int samples,
      long seed) {
    return relativeError(array, analytic, loss, samples, seed, EPS);
  }

  /** {@link #relativeError(INDArray, INDArray, DoubleSupplier, int, long)} with central-difference step {@code eps}. */
  public static double relativeError(INDArray array, INDArray analytic, DoubleSupplier loss, int samples,
      long seed, double eps) {
    assertEquals(array.length(), analytic.length(), "gradient and array sizes");
    INDArray flatArray = array.reshape(array.length());
    INDArray flatGrad = analytic.reshape(analytic.length());
    Set<Long> idx = new LinkedHashSet<>();
    long largest = 0;
    for (long i = 1; i < flatGrad.length(); i++) {
      if (Math.abs(flatGrad.getDouble(i)) > Math.abs(flatGrad.getDouble(largest))) {
        largest = i;
      }
    }
    idx.add(largest);
    SplittableRandom r = new SplittableRandom(seed);
    int want = (int) Math.min(samples, array.length());
    while (idx.size() < want) {
      idx.add(r.nextLong(array.length()));
    }
    double maxDiff = 0;
    double scale = FLOOR;
    for (long i : idx) {
      double orig = flatArray.getDouble(i);
      flatArray.putScalar(i, orig + eps);
      double plus = loss.getAsDouble();
      flatArray.putScalar(i, orig - eps);
      double minus = loss.getAsDouble();
      flatArray.putScalar(i, orig);
      double fd = (plus - minus) / (2 * eps);
      double an = flatGrad.getDouble(i);
      maxDiff = Math.max(maxDiff, Math.abs(fd - an));
      scale = Math.max(scale, Math.max(Math.abs(fd), Math.abs(an)));
    }
    return maxDiff / scale;
  }

  /** max |got - ref| / max |ref|; 0 when both are exactly equal (also when ref is all zero). */
  public static double rerunDifference(INDArray ref, INDArray got) {
    // element by element in Java: no in-place INDArray op can touch the arrays compared
    double[] r = ref.dup().reshape(ref.length()).toDoubleVector();
    double[] g = got.dup().reshape(got.length()).toDoubleVector();
    assertEquals(r.length, g.length, "array sizes");
    double maxRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < r.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(r[i]));
      maxDiff = Math.max(maxDiff, Math.abs(g[i] - r[i]));
    }
    return maxDiff == 0 ? 0 : maxRef == 0 ? Double.POSITIVE_INFINITY : maxDiff / maxRef;
  }

  /** Every array of {@code ref} has a counterpart in {@code got} within the re-run judge. */
  public static void assertRerunEqual(Map<String, INDArray> ref, Map<String, INDArray> got, String what) {
    assertEquals(ref.keySet(), got.keySet(), what + ": compared arrays");
    StringBuilder bad = new StringBuilder();
    for (String n : ref.keySet()) {
      assertTrue(java.util.Arrays.equals(ref.get(n).shape(), got.get(n).shape()), what + ": shape of " + n);
      double d = rerunDifference(ref.get(n), got.get(n));
      if (!(d < RERUN_TOLERANCE)) {
        bad.append(String.format("%n  %s: max|diff|/max|ref| = %.3g", n, d));
      }
    }
    if (bad.length() > 0) {
      fail(what + ": re-used graph differs from a fresh graph on the same batch" + bad);
    }
  }

  /** Replaces every array of a set by a double-precision copy (the graphs must be built afterwards). */
  public static void toDouble(ParameterSet set) {
    for (String n : set.names()) {
      set.put(n, set.get(n).castTo(DataType.DOUBLE));
    }
  }

  /** Uniform values in [-1, 1) from a seeded stream. */
  public static INDArray uniform(DataType type, long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    INDArray a = Nd4j.create(DataType.DOUBLE, shape);
    INDArray flat = a.reshape(a.length());
    for (long i = 0; i < a.length(); i++) {
      flat.putScalar(i, r.nextDouble() * 2 - 1);
    }
    return a.castTo(type);
  }
}
