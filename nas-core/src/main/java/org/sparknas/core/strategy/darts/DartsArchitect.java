package org.sparknas.core.strategy.darts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.GradientClipping;
import org.sparknas.core.train.Sgd;

/**
 * The architecture gradient of DARTS (specs/algorithms.md §0.1, "Bilevel optimisation"). First
 * order: {@code grad_alpha L_val(w, alpha)}. Second order: the gradient at the unrolled weights
 * {@code w' = w - xi (mu m + grad_w L_train + lambda w)}, minus {@code xi} times the finite-difference
 * Hessian-vector product {@code [grad_alpha L_train(w+) - grad_alpha L_train(w-)] / 2 eps} with
 * {@code w+- = w +- eps grad_w' L_val(w')} and {@code eps = 0.01 / ||grad_w' L_val(w')||}.
 * The weights are restored exactly before returning.
 */
public final class DartsArchitect {
  private DartsArchitect() {}

  /** The architecture gradient of the given order (1 or 2) on one train and one validation batch. */
  public static Map<String, INDArray> gradient(int order, SupernetGraph graph, ParameterSet weights, Batch train,
      Batch valid, double xi, Sgd sgd) {
    return order == 2 ? secondOrder(graph, weights, train, valid, xi, sgd) : firstOrder(graph, valid);
  }

  public static Map<String, INDArray> firstOrder(SupernetGraph graph, Batch valid) {
    return graph.forwardBackward(valid.features(), valid.labels(), graph.alphaNames()).gradients();
  }

  /**
   * @param xi the current weight learning rate
   * @param sgd the weight optimiser, whose momentum buffers and weight decay enter the unrolled step
   */
  public static Map<String, INDArray> secondOrder(SupernetGraph graph, ParameterSet weights, Batch train,
      Batch valid, double xi, Sgd sgd) {
    List<String> w = graph.weightNames();
    ParameterSet original = weights.select(w).copy();
    Pass t = graph.forwardBackward(train.features(), train.labels(), w);
    for (String n : w) {
      INDArray p = weights.get(n);
      INDArray buf = sgd.momentumBuffer(n);
      INDArray d = t.gradients().get(n).add(p.mul(sgd.weightDecay()));
      if (buf != null) {
        d.addi(buf.mul(sgd.momentum()));
      }
      p.subi(d.muli(xi));
    }
    List<String> both = new ArrayList<>(w);
    both.addAll(graph.alphaNames());
    Pass v = graph.forwardBackward(valid.features(), valid.labels(), both);
    Map<String, INDArray> dw = new LinkedHashMap<>();
    for (String n : w) {
      if (v.gradients().containsKey(n)) {
        dw.put(n, v.gradients().get(n));
      }
    }
    double eps = 0.01 / GradientClipping.globalNorm(dw);
    Map<String, INDArray> plus = alphaGradientAt(graph, weights, original, dw, eps, train);
    Map<String, INDArray> minus = alphaGradientAt(graph, weights, original, dw, -eps, train);
    weights.assign(original);
    Map<String, INDArray> grad = new LinkedHashMap<>();
    for (String a : graph.alphaNames()) {
      if (!v.gradients().containsKey(a)) {
        continue; // a group with no mixed edge: the loss does not depend on its alphas
      }
      INDArray hessianTerm = plus.get(a).sub(minus.get(a)).divi(2 * eps);
      grad.put(a, v.gradients().get(a).sub(hessianTerm.muli(xi)));
    }
    return grad;
  }

  /** grad_alpha L_train at w = original + scale * direction. */
  private static Map<String, INDArray> alphaGradientAt(SupernetGraph graph, ParameterSet weights,
      ParameterSet original, Map<String, INDArray> direction, double scale, Batch train) {
    direction.forEach((n, d) -> weights.get(n).assign(original.get(n).add(d.mul(scale))));
    return graph.forwardBackward(train.features(), train.labels(), graph.alphaNames()).gradients();
  }
}
