package org.sparknas.core.nn;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Initializer;
import org.sparknas.core.network.Network;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * A network description run on the engine by itself, for layer tests: its weights and statistics are
 * created in a parameter set, and the test loss is {@code sum(tanh(y) * R)} over the network's output
 * {@code y}, with R a fixed random array, computed in double on the host; its gradient at {@code y} is
 * {@code R (1 - tanh(y)^2)}.
 */
public final class EngineRun {
  public final Network network;
  public final SupernetParameters params;
  public final CompiledNetwork compiled;
  public final INDArray r;

  public EngineRun(Network network, SupernetParameters params, BatchNormMode mode, long batch) {
    this(network, params, mode, batch, DataType.FLOAT);
  }

  /** In {@code type}: with DOUBLE every parameter array is first cast to double (for finite differences). */
  public EngineRun(Network network, SupernetParameters params, BatchNormMode mode, long batch, DataType type) {
    this.network = network;
    this.params = params;
    Initializer init = new Initializer(params.seed());
    network.weights().forEach((n, s) -> {
      if (!params.weights().contains(n)) {
        params.weights().put(n, s.create(init));
      }
    });
    network.statistics().forEach((n, s) -> {
      if (!params.bnStats().contains(n)) {
        params.bnStats().put(n, s.create(init));
      }
    });
    if (type == DataType.DOUBLE) {
      GradCheck.toDouble(params.weights());
      GradCheck.toDouble(params.alphas());
      GradCheck.toDouble(params.bnStats());
    }
    this.compiled = new CompiledNetwork(network, params.weights().asMap(), params.bnStats().asMap(), mode,
        EdgeWeighting.SOFTMAX, new BufferPool(type), new HashMap<>());
    long[] outShape = network.node(network.output()).batchShape(batch);
    this.r = GradCheck.uniform(DataType.DOUBLE, 4242, outShape);
  }

  /** The output of a forward-only pass (a copy). */
  public INDArray output(INDArray x) {
    return compiled.forward(x, alphas(), null, false, 0.1).dup();
  }

  /** The test loss of a forward-only pass, in double. */
  public double loss(INDArray x) {
    INDArray y = output(x).castTo(DataType.DOUBLE);
    return org.nd4j.linalg.ops.transforms.Transforms.tanh(y, false).muli(r).sumNumber().doubleValue();
  }

  /** The test loss and every weight's and alpha group's gradient (copies), by name ({@code "loss"} too). */
  public Map<String, INDArray> lossAndGradients(INDArray x) {
    return lossAndGradients(x, network.weights().keySet(), Set.copyOf(network.alphaGroups()));
  }

  /** As {@link #lossAndGradients(INDArray)}, asking only for the given weights and alpha groups. */
  public Map<String, INDArray> lossAndGradients(INDArray x, Set<String> weights, Set<String> alphaGroups) {
    INDArray y = compiled.forward(x, alphas(), null, true, 0.1).castTo(DataType.DOUBLE);
    INDArray t = org.nd4j.linalg.ops.transforms.Transforms.tanh(y, true);
    double loss = t.mul(r).sumNumber().doubleValue();
    INDArray dOut = t.mul(t).rsubi(1).muli(r);
    CompiledNetwork.Gradients g = compiled.backward(dOut, weights, alphaGroups);
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("loss", Nd4j.scalar(loss));
    g.weights().forEach((n, a) -> m.put(n, a.dup()));
    g.alphas().forEach((n, a) -> m.put("alpha_" + n, a.dup()));
    return m;
  }

  private Map<String, INDArray> alphas() {
    Map<String, INDArray> m = new HashMap<>();
    for (String group : network.alphaGroups()) {
      m.put(group, params.alphas().get("alpha_" + group));
    }
    return m;
  }

  /** Names of everything {@link #lossAndGradients} returns a gradient for. */
  public List<String> parameterNames() {
    List<String> names = new java.util.ArrayList<>(network.weights().keySet());
    network.alphaGroups().forEach(g -> names.add("alpha_" + g));
    return names;
  }

  /** The array of a weight or alpha by name. */
  public INDArray array(String name) {
    return name.startsWith("alpha_") ? params.alphas().get(name) : params.weights().get(name);
  }
}
