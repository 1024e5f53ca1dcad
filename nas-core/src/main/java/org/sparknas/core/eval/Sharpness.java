package org.sparknas.core.eval;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.data.Batch;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetGraph;

/**
 * Sharpness of the architecture landscape: the dominant eigenvalue of the Hessian of the validation
 * loss with respect to the architecture logits, by power iteration on finite-difference
 * Hessian-vector products {@code Hv ~ (g(a + eps v) - g(a - eps v)) / (2 eps)} with {@code g} the
 * gradient (no second-order autodiff needed). The eigenvalue is the Rayleigh quotient {@code v.Hv} of
 * the last iterate, so it keeps its sign; power iteration finds the eigenvalue of largest magnitude.
 * <pre>{@code
 * double s = Sharpness.ofArchitecture(net.graph(all, BatchNormMode.BATCH), net.parameters().alphas(), batches, 8, 1e-2, seed);
 * }</pre>
 */
public final class Sharpness {
  private Sharpness() {}

  /**
   * The dominant Hessian eigenvalue of the mean loss over {@code batches} with respect to the alphas
   * of {@code graph} (flattened in the graph's alpha order). The graph should not update running
   * statistics (BATCH or RUNNING mode); the alphas are restored exactly before returning.
   */
  public static double ofArchitecture(SupernetGraph graph, ParameterSet alphas, List<Batch> batches, int iterations,
      double eps, long seed) {
    List<String> names = graph.alphaNames().stream().sorted().toList(); // the order flatten() uses
    ParameterSet original = alphas.select(names).copy();
    try {
      INDArray at = original.flatten().castTo(DataType.DOUBLE);
      return dominantEigenvalue(a -> validationGradient(graph, alphas, names, batches, a), at, iterations, eps, seed);
    } finally {
      alphas.assign(original);
    }
  }

  /** Mean gradient over the batches at alphas {@code a} (flat, in {@code names} order). */
  private static INDArray validationGradient(SupernetGraph graph, ParameterSet alphas, List<String> names,
      List<Batch> batches, INDArray a) {
    long offset = 0;
    for (String n : names) {
      INDArray p = alphas.get(n);
      p.assign(a.get(NDArrayIndex.interval(offset, offset + p.length())).reshape(p.shape()));
      offset += p.length();
    }
    INDArray sum = Nd4j.zeros(DataType.DOUBLE, a.length());
    for (Batch b : batches) {
      Map<String, INDArray> grads = graph.forwardBackward(b.features(), b.labels(), names).gradients();
      long o = 0;
      for (String n : names) {
        long len = alphas.get(n).length();
        INDArray g = grads.get(n); // none when the loss does not depend on a group: zero
        if (g != null) {
          sum.get(NDArrayIndex.interval(o, o + len)).addi(g.reshape(len).castTo(DataType.DOUBLE));
        }
        o += len;
      }
    }
    return sum.divi(batches.size());
  }

  /** {@code (g(a + eps v) - g(a - eps v)) / (2 eps)}: exact for a quadratic, O(eps^2) otherwise. */
  public static INDArray hessianVector(UnaryOperator<INDArray> gradient, INDArray at, INDArray v, double eps) {
    INDArray plus = gradient.apply(at.add(v.mul(eps)));
    INDArray minus = gradient.apply(at.sub(v.mul(eps)));
    return plus.subi(minus).divi(2 * eps);
  }

  /**
   * Power iteration from a seeded random unit vector: {@code v <- Hv / |Hv|}, {@code iterations}
   * products; returns {@code v.Hv} of the last one (0 when the Hessian is zero along every iterate).
   */
  public static double dominantEigenvalue(UnaryOperator<INDArray> gradient, INDArray at, int iterations, double eps,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] start = new double[(int) at.length()];
    for (int i = 0; i < start.length; i++) {
      start[i] = r.nextDouble() * 2 - 1;
    }
    INDArray v = Nd4j.createFromArray(start);
    v.divi(v.norm2Number());
    double eigenvalue = 0;
    for (int i = 0; i < iterations; i++) {
      INDArray hv = hessianVector(gradient, at, v, eps);
      eigenvalue = v.mul(hv).sumNumber().doubleValue();
      double norm = hv.norm2Number().doubleValue();
      if (norm == 0) {
        return 0;
      }
      v = hv.divi(norm);
    }
    return eigenvalue;
  }
}
