package org.sparknas.core.train;

import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.ParameterSet;

/**
 * SGD with momentum, optional Nesterov, and L2 weight decay added to the gradient, as PyTorch's
 * {@code torch.optim.SGD} (dampening 0; the first step initialises the buffer with the gradient).
 * <pre>{@code
 * Optimizer sgd = new Sgd(0.9, false, 3e-4);
 * sgd.step(weights, grads, schedule.at(epoch));
 * }</pre>
 */
public final class Sgd implements Optimizer {
  private static final long serialVersionUID = 1L;

  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  private final TreeMap<String, INDArray> buffers = new TreeMap<>();

  public Sgd(double momentum, boolean nesterov, double weightDecay) {
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(ParameterSet params, Map<String, INDArray> gradients, double lr) {
    gradients.forEach((name, grad) -> {
      INDArray p = params.get(name);
      INDArray d = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad.dup();
      if (momentum != 0) {
        INDArray buf = buffers.get(name);
        if (buf == null) {
          buf = d.dup();
          buffers.put(name, buf);
        } else {
          buf.muli(momentum).addi(d);
        }
        d = nesterov ? d.addi(buf.mul(momentum)) : buf;
      }
      p.subi(d.mul(lr));
    });
  }

  /** The momentum buffer of a parameter, or {@code null} before its first step (DARTS's unrolled step reads it). */
  public INDArray momentumBuffer(String name) {
    return buffers.get(name);
  }

  public double momentum() {
    return momentum;
  }

  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public Sgd copy() {
    Sgd c = new Sgd(momentum, nesterov, weightDecay);
    buffers.forEach((k, v) -> c.buffers.put(k, v.dup()));
    return c;
  }
}
