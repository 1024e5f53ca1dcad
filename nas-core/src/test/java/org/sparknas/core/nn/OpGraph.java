package org.sparknas.core.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * One op in isolation: placeholder {@code x} -> {@code x * s} -> op -> {@code loss = sum(tanh(y) * R)}
 * with R a fixed random array and s a per-channel scale of ones. Both are variables: a graph of a
 * weight-free op such as pooling then still has something SameDiff agrees to differentiate, the op
 * reads a computed activation as it does inside a network, and SameDiff returns the placeholder's
 * gradient (it omits it when the placeholder feeds relu, pooling or a reduction directly). Weights come from, and stay bound to, the given
 * parameter set.
 */
final class OpGraph {
  static final String INPUT = "x";
  static final String R = "R";
  static final String SCALE = "in_scale";

  /** Builds the op under test on input {@code x}. */
  interface Op {
    SDVariable apply(GraphBuilder g, SDVariable x);
  }

  /** Any encoding serves for ops outside a mixed edge. */
  static final Encoding ANY = Encoding.of(Map.of("g", new boolean[][] {{true}}));

  final SameDiff sd;
  final String loss;
  final List<String> variables = new ArrayList<>();
  final long[] inputShape;
  final DataType type;

  private OpGraph(SameDiff sd, String loss, long[] inputShape, DataType type) {
    this.sd = sd;
    this.loss = loss;
    this.inputShape = inputShape;
    this.type = type;
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        variables.add(v.name());
      }
    }
  }

  /**
   * A graph of {@code op} on inputs of {@code inputShape} (batch included). For a double graph the
   * weights are first created (in float, by the code under test) and then cast to double in place in
   * the parameter set.
   */
  static OpGraph build(SupernetParameters p, Op op, long[] inputShape, DataType type, BatchNormMode mode) {
    boolean haveDouble = p.weights().asMap().values().stream().anyMatch(a -> a.dataType() == DataType.DOUBLE);
    if (type == DataType.DOUBLE && !haveDouble) {
      build(p, op, inputShape, DataType.FLOAT, mode);
      GradCheck.toDouble(p.weights());
      GradCheck.toDouble(p.alphas());
      GradCheck.toDouble(p.bnStats());
    }
    SameDiff sd = SameDiff.create();
    GraphBuilder g = new GraphBuilder(sd, p, ANY, mode);
    SDVariable x = sd.placeHolder(INPUT, type, inputShape);
    long[] scaleShape = new long[inputShape.length];
    java.util.Arrays.fill(scaleShape, 1);
    scaleShape[1] = inputShape[1];
    SDVariable scaled = x.mul(sd.var(SCALE, Nd4j.ones(type, scaleShape)));
    SDVariable y = op.apply(g, scaled);
    long[] yShape = sd.output(Map.of(INPUT, Nd4j.zeros(type, inputShape)), y.name()).get(y.name()).shape();
    SDVariable r = sd.var(R, GradCheck.uniform(type, 4242, yShape));
    SDVariable loss = sd.math().tanh(y).mul(r).sum();
    sd.setLossVariables(loss);
    return new OpGraph(sd, loss.name(), inputShape, type);
  }

  /** A fixed random input batch of this graph's shape. */
  INDArray input(long seed) {
    return GradCheck.uniform(type, seed, inputShape);
  }

  double loss(INDArray x) {
    return sd.output(Map.of(INPUT, x), loss).get(loss).getDouble(0);
  }

  /** The loss (under {@code "loss"}) and the gradients of every variable and of the input (copies). */
  Map<String, INDArray> lossAndGradients(INDArray x) {
    List<String> wrt = new ArrayList<>(variables);
    wrt.add(INPUT);
    OutAndGrad og = sd.calculateGradientsAndOutputs(Map.of(INPUT, x), List.of(loss), wrt);
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("loss", og.getOutputs().get(loss).dup());
    for (String n : wrt) {
      INDArray grad = og.getGradients().get(n);
      if (grad == null) {
        throw new AssertionError("no gradient for " + n);
      }
      m.put(n, grad.dup());
    }
    return m;
  }

  /** The array a variable is bound to. */
  INDArray array(String name) {
    return sd.getVariable(name).getArr();
  }
}
