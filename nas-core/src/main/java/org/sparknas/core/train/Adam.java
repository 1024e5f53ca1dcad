package org.sparknas.core.train;

import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknas.core.supernet.ParameterSet;

/**
 * Adam with L2 weight decay added to the gradient and bias correction, as PyTorch's
 * {@code torch.optim.Adam}: {@code p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)}.
 * <pre>{@code
 * Optimizer adam = new Adam(0.5, 0.999, 1e-8, 1e-3);   // DARTS's architecture optimiser
 * }</pre>
 */
public final class Adam implements Optimizer {
  private static final long serialVersionUID = 1L;

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final TreeMap<String, INDArray> m = new TreeMap<>();
  private final TreeMap<String, INDArray> v = new TreeMap<>();
  private final TreeMap<String, Integer> steps = new TreeMap<>();

  public Adam(double beta1, double beta2, double eps, double weightDecay) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(ParameterSet params, Map<String, INDArray> gradients, double lr) {
    gradients.forEach((name, grad) -> {
      INDArray p = params.get(name);
      INDArray g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
      INDArray mt = m.computeIfAbsent(name, k -> p.ulike().assign(0));
      INDArray vt = v.computeIfAbsent(name, k -> p.ulike().assign(0));
      int t = steps.merge(name, 1, Integer::sum);
      mt.muli(beta1).addi(g.mul(1 - beta1));
      vt.muli(beta2).addi(g.mul(g).muli(1 - beta2));
      double bc1 = 1 - Math.pow(beta1, t);
      double bc2 = 1 - Math.pow(beta2, t);
      INDArray denom = Transforms.sqrt(vt, true).divi(Math.sqrt(bc2)).addi(eps);
      p.subi(mt.div(denom).muli(lr / bc1));
    });
  }

  @Override
  public Adam copy() {
    Adam c = new Adam(beta1, beta2, eps, weightDecay);
    m.forEach((k, x) -> c.m.put(k, x.dup()));
    v.forEach((k, x) -> c.v.put(k, x.dup()));
    c.steps.putAll(steps);
    return c;
  }
}
