package org.sparknas.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weights of the mixed edges of one pass, computed on the host from the alpha logits (a few
 * hundred numbers): {@code softmax_m(alpha_e)} over an edge's allowed ops, or the Gumbel-softmax
 * {@code softmax_m((alpha_e + g_e) / tau)}. The backward collects {@code dL/dw} per (edge, op) and turns
 * it into {@code dL/dalpha} through the softmax: {@code (1/tau) w_o (g_o - sum_j w_j g_j)}. Ops an edge
 * does not allow get weight 0 and gradient 0.
 */
final class EdgeWeights {
  private final Map<String, double[][]> weights = new LinkedHashMap<>();
  private final Map<String, double[][]> gradients = new LinkedHashMap<>();
  private final double temperature;

  /**
   * @param allowed per group, the allowed ops of each edge this network mixes, by edge
   * @param alphas per group, the {@code [edges, ops]} logits
   * @param sample Gumbel noise and temperature, or {@code null} for plain softmax
   */
  EdgeWeights(Map<String, Map<Integer, int[]>> allowed, Map<String, INDArray> alphas, GumbelSample sample) {
    this.temperature = sample == null ? 1 : sample.temperature();
    allowed.forEach((group, rows) -> {
      INDArray alpha = alphas.get(group);
      if (alpha == null) {
        throw new IllegalArgumentException("no architecture logits for alpha group '" + group + "'");
      }
      double[][] a = alpha.toDoubleMatrix();
      double[][] noise = sample == null ? null : sample.noise(group);
      double[][] w = new double[a.length][a[0].length];
      rows.forEach((e, ops) -> softmax(a[e], noise == null ? null : noise[e], ops, temperature, w[e]));
      weights.put(group, w);
      gradients.put(group, new double[a.length][a[0].length]);
    });
  }

  private static void softmax(double[] alpha, double[] noise, int[] ops, double tau, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    double[] z = new double[ops.length];
    for (int i = 0; i < ops.length; i++) {
      z[i] = (alpha[ops[i]] + (noise == null ? 0 : noise[ops[i]])) / tau;
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    for (int i = 0; i < ops.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    for (int i = 0; i < ops.length; i++) {
      out[ops[i]] = z[i] / sum;
    }
  }

  double weight(String group, int edge, int op) {
    return weights.get(group)[edge][op];
  }

  void addGradient(String group, int edge, int op, double dw) {
    gradients.get(group)[edge][op] += dw;
  }

  /** {@code dL/dalpha} per group, {@code [edges, ops]}, in {@code type}. */
  Map<String, INDArray> alphaGradients(Map<String, Map<Integer, int[]>> allowed, DataType type) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    allowed.forEach((group, rows) -> {
      double[][] w = weights.get(group);
      double[][] g = gradients.get(group);
      double[][] d = new double[w.length][w[0].length];
      rows.forEach((e, ops) -> {
        double dot = 0;
        for (int o : ops) {
          dot += w[e][o] * g[e][o];
        }
        for (int o : ops) {
          d[e][o] = w[e][o] * (g[e][o] - dot) / temperature;
        }
      });
      out.put(group, Nd4j.create(d).castTo(type));
    });
    return out;
  }
}
