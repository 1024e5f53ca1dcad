package org.sparknas.core.nn;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DARTS MixedOp restricted to an encoding: {@code sum_o softmax_m(alpha_e)_o * o(x)} over the
 * allowed ops of edge e. Each op scales its own output by its weight, so an op that ends in batch norm
 * folds the weight into the per-channel normalising factor instead of multiplying a full activation.
 * {@code none} takes part in the softmax but its output is zero, so it is not built; an edge with one
 * allowed op is that op alone (weight exactly 1, no multiply).
 * <pre>{@code
 * EdgeWeights w = EdgeWeights.softmax(sd, alpha, mask);              // once per group and graph
 * SDVariable y = Layers.sepConv(g, name, x, c, 3, 1, false, MixedEdge.opWeight(w, edge, allowed, op));
 * SDVariable out = MixedEdge.sum(outputs);
 * }</pre>
 */
public final class MixedEdge {
  private MixedEdge() {}

  /**
   * The weight op {@code op} of an edge is scaled by: its masked-softmax weight, or {@code null} when
   * the edge allows one op only.
   */
  public static SDVariable opWeight(EdgeWeights weights, int edge, int[] allowed, int op) {
    return allowed.length == 1 ? null : weights.weight(edge, op);
  }

  /** {@code x * weight}, or {@code x} itself for a {@code null} weight. */
  public static SDVariable scale(SDVariable x, SDVariable weight) {
    return weight == null ? x : x.mul(weight);
  }

  /** Sum of the non-null inputs of a node; {@code zero} is used when none is left. */
  public static SDVariable sumNode(SameDiff sd, List<SDVariable> inputs, java.util.function.Supplier<SDVariable> zero) {
    List<SDVariable> present = inputs.stream().filter(v -> v != null).toList();
    return present.isEmpty() ? zero.get() : sum(present);
  }

  /**
   * Sum (of an edge's weighted op outputs, or a node's inputs) as a chain of binary adds: SameDiff's {@code mergeadd} and its backprop measured 25-30 ms per
   * call against about 1 ms per {@code add} on [64, 8, 28, 28] tensors.
   */
  public static SDVariable sum(List<SDVariable> terms) {
    SDVariable s = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      s = s.add(terms.get(i));
    }
    return s;
  }

  /** Row-wise weights of one alpha group (masked softmax or a Gumbel-softmax sample), one scalar variable per (edge, op). */
  public static final class EdgeWeights {
    private final SDVariable[][] scalars;

    private EdgeWeights(SDVariable[][] scalars) {
      this.scalars = scalars;
    }

    /**
     * softmax over the allowed ops of each row: {@code alpha + log(mask)} with a large negative
     * constant for masked ops, so they get weight 0 and no gradient.
     */
    public static EdgeWeights softmax(SameDiff sd, SDVariable alpha, boolean[][] mask) {
      return rows(sd, sd.nn().softmax(alpha.add(logMask(sd, alpha, mask)), 1), mask);
    }

    /**
     * The Gumbel-softmax sample of SNAS over the allowed ops of each row,
     * {@code softmax((alpha + log(mask) + noise) / tau)}: masked ops get weight exactly 0 and no
     * gradient. The spec writes {@code log_softmax_m(alpha)} in place of alpha; the two differ by a
     * constant per row, which the softmax cancels.
     *
     * @param noise Gumbel(0, 1) draws, {@code edges x ops}, fed per pass
     * @param tau the temperature, a scalar fed per pass
     */
    public static EdgeWeights gumbelSoftmax(SameDiff sd, SDVariable alpha, boolean[][] mask, SDVariable noise,
        SDVariable tau) {
      SDVariable perturbed = alpha.add(logMask(sd, alpha, mask)).add(noise).div(tau);
      return rows(sd, sd.nn().softmax(perturbed, 1), mask);
    }

    private static SDVariable logMask(SameDiff sd, SDVariable alpha, boolean[][] mask) {
      INDArray logMask = Nd4j.zeros(alpha.dataType(), mask.length, mask[0].length);
      for (int e = 0; e < mask.length; e++) {
        for (int o = 0; o < mask[e].length; o++) {
          if (!mask[e][o]) {
            logMask.putScalar(e, o, -1e9f);
          }
        }
      }
      return sd.constant(logMask);
    }

    /** One scalar variable per (edge, op) of a row-wise weight matrix. */
    private static EdgeWeights rows(SameDiff sd, SDVariable w, boolean[][] mask) {
      int edges = mask.length;
      SDVariable[] rows = sd.unstack(w, 0, edges);
      SDVariable[][] s = new SDVariable[edges][];
      for (int e = 0; e < edges; e++) {
        s[e] = sd.unstack(rows[e], 0, mask[e].length);
      }
      return new EdgeWeights(s);
    }

    public SDVariable weight(int edge, int op) {
      return scalars[edge][op];
    }
  }
}
