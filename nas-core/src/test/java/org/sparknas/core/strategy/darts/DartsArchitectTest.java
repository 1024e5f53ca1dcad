package org.sparknas.core.strategy.darts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.TinySpace;
import org.sparknas.core.train.Sgd;

/**
 * DARTS's architecture gradient (specs/algorithms.md §0.1) on {@link TinySpace}'s two mixed edges,
 * against an explicit computation on an independent copy of the supernet.
 */
class DartsArchitectTest {
  private static final double XI = 1.0; // large, so that the Hessian term is far above float noise

  private final TinySpace space = new TinySpace();
  private Supernet net;
  private SupernetGraph graph;
  private Sgd sgd;
  private Batch train;
  private Batch valid;

  private static Batch batch(long seed, int... classes) {
    INDArray x = GradCheck.uniform(DataType.FLOAT, seed, classes.length, 2, 4, 4).muli(2);
    return new Batch(x, TinySpace.oneHot(classes), classes);
  }

  @BeforeEach
  void setUp() {
    net = Supernet.create(space, 21);
    // alphas away from uniform so that every op's weight differs
    net.parameters().alphas().get("alpha_edge").assign(GradCheck.uniform(DataType.FLOAT, 22, 2, 4));
    graph = net.graph(Encoding.full(space), BatchNormMode.TRAIN);
    train = batch(23, 0, 1, 2, 0);
    valid = batch(24, 2, 2, 1, 0);
    // one SGD step first, so that momentum buffers exist and enter the unrolled step
    sgd = new Sgd(0.9, false, 3e-2);
    Pass p = graph.forwardBackward(train.features(), train.labels(), graph.weightNames());
    sgd.step(net.parameters().weights(), p.gradients(), 0.1);
  }

  private static Map<String, INDArray> alphaGradient(SupernetGraph g, Batch b) {
    return g.forwardBackward(b.features(), b.labels(), g.alphaNames()).gradients();
  }

  private static double relDiff(INDArray ref, INDArray got) {
    return GradCheck.rerunDifference(ref, got);
  }

  @Test
  @DisplayName("first order is the plain gradient of the validation loss with respect to alpha")
  void firstOrder() {
    Supernet copy = new Supernet(space, net.parameters().copy());
    Map<String, INDArray> expected = alphaGradient(copy.graph(Encoding.full(space), BatchNormMode.BATCH), valid);
    Map<String, INDArray> got = DartsArchitect.firstOrder(graph, valid);
    assertEquals(List.of("alpha_edge"), List.copyOf(got.keySet()));
    assertTrue(relDiff(expected.get("alpha_edge"), got.get("alpha_edge")) < 1e-5);
    assertTrue(expected.get("alpha_edge").norm2Number().doubleValue() > 1e-4, "alpha gradient is not trivial");
  }

  @Test
  @DisplayName("second order equals an explicit unrolled step plus finite-difference Hessian term; weights restored")
  void secondOrderMatchesExplicitComputation() {
    ParameterSet before = net.parameters().weights().copy();
    Map<String, INDArray> buffers = new LinkedHashMap<>();
    for (String n : graph.weightNames()) {
      buffers.put(n, sgd.momentumBuffer(n).dup());
    }
    // the explicit computation runs on an independent deep copy with its own graph
    SupernetParameters ref = net.parameters().copy();
    SupernetGraph g = new Supernet(space, ref).graph(Encoding.full(space), BatchNormMode.BATCH);
    List<String> w = g.weightNames();
    assertEquals(graph.weightNames(), w);

    Map<String, INDArray> gradTrain = g.forwardBackward(train.features(), train.labels(), w).gradients();
    for (String n : w) { // w' = w - xi (mu m + grad + lambda w)
      INDArray p = ref.weights().get(n);
      INDArray step = buffers.get(n).mul(0.9).add(gradTrain.get(n)).add(p.mul(3e-2));
      p.subi(step.mul(XI));
    }
    List<String> all = new java.util.ArrayList<>(w);
    all.add("alpha_edge");
    Map<String, INDArray> atUnrolled = g.forwardBackward(valid.features(), valid.labels(), all).gradients();
    double norm = 0;
    for (String n : w) {
      norm += Math.pow(atUnrolled.get(n).norm2Number().doubleValue(), 2);
    }
    double eps = 0.01 / Math.sqrt(norm);
    ParameterSet original = before.copy();
    for (String n : w) {
      ref.weights().get(n).assign(original.get(n).add(atUnrolled.get(n).mul(eps)));
    }
    INDArray plus = alphaGradient(g, train).get("alpha_edge");
    for (String n : w) {
      ref.weights().get(n).assign(original.get(n).sub(atUnrolled.get(n).mul(eps)));
    }
    INDArray minus = alphaGradient(g, train).get("alpha_edge");
    INDArray hessian = plus.sub(minus).div(2 * eps);
    INDArray expected = atUnrolled.get("alpha_edge").sub(hessian.mul(XI));

    Map<String, INDArray> got = DartsArchitect.secondOrder(graph, net.parameters().weights(), train, valid, XI, sgd);

    assertEquals(List.of("alpha_edge"), List.copyOf(got.keySet()));
    double d = relDiff(expected, got.get("alpha_edge"));
    assertTrue(d < 1e-3, "second-order gradient differs from the explicit one: " + d + "\nexpected " + expected
        + "\ngot " + got.get("alpha_edge"));
    // the Hessian term matters here, so a missing or sign-flipped term could not pass
    double hessianShare = hessian.mul(XI).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    assertTrue(hessianShare > 0.05, "Hessian term too small to be tested: " + hessianShare);

    for (String n : before.names()) {
      assertArrayEquals(before.get(n).dup().reshape(-1).toFloatVector(), net.parameters().weights().get(n).dup().reshape(-1).toFloatVector(), 0f,
          "weight " + n + " not restored exactly");
      assertArrayEquals(buffers.get(n).dup().reshape(-1).toFloatVector(), sgd.momentumBuffer(n).dup().reshape(-1).toFloatVector(), 0f,
          "momentum buffer " + n + " changed");
    }
  }

  /** The unrolled validation loss L_val(w - xi (mu m + grad_w L_train(w, alpha) + lambda w), alpha). */
  private double unrolledLoss(SupernetParameters p, SupernetGraph g, ParameterSet w0, Map<String, INDArray> buffers) {
    p.weights().assign(w0);
    Map<String, INDArray> grad = g.forwardBackward(train.features(), train.labels(), g.weightNames()).gradients();
    for (String n : g.weightNames()) {
      INDArray w = p.weights().get(n);
      w.subi(buffers.get(n).mul(0.9).add(grad.get(n)).add(w.mul(3e-2)).mul(XI));
    }
    double loss = g.forwardBackward(valid.features(), valid.labels(), List.of()).loss();
    p.weights().assign(w0);
    return loss;
  }

  @Test
  @DisplayName("second order approximates the derivative of the unrolled validation loss (finite differences in alpha)")
  void secondOrderIsTheUnrolledDerivative() {
    Map<String, INDArray> buffers = new LinkedHashMap<>();
    for (String n : graph.weightNames()) {
      buffers.put(n, sgd.momentumBuffer(n).dup());
    }
    SupernetParameters ref = net.parameters().copy();
    ParameterSet w0 = ref.weights().copy();
    SupernetGraph g = new Supernet(space, ref).graph(Encoding.full(space), BatchNormMode.BATCH);
    INDArray got = DartsArchitect.secondOrder(graph, net.parameters().weights(), train, valid, XI, sgd)
        .get("alpha_edge");
    INDArray first = DartsArchitect.firstOrder(graph, valid).get("alpha_edge");
    // float losses (~1, rounding ~1e-7) with h = 1e-2 give finite differences good to ~1e-5
    double h = 1e-2;
    INDArray alpha = ref.alphas().get("alpha_edge");
    double maxDiff = 0;
    double maxFirstDiff = 0;
    double scale = 0;
    for (int e = 0; e < 2; e++) {
      for (int o = 0; o < 4; o++) {
        double a = alpha.getDouble(e, o);
        alpha.putScalar(new long[] {e, o}, a + h);
        double lp = unrolledLoss(ref, g, w0, buffers);
        alpha.putScalar(new long[] {e, o}, a - h);
        double lm = unrolledLoss(ref, g, w0, buffers);
        alpha.putScalar(new long[] {e, o}, a);
        double fd = (lp - lm) / (2 * h);
        maxDiff = Math.max(maxDiff, Math.abs(fd - got.getDouble(e, o)));
        maxFirstDiff = Math.max(maxFirstDiff, Math.abs(fd - first.getDouble(e, o)));
        scale = Math.max(scale, Math.abs(fd));
      }
    }
    System.out.printf("unrolled FD: max|fd - second| %.3g, max|fd - first| %.3g, max|fd| %.3g%n", maxDiff,
        maxFirstDiff, scale);
    assertTrue(maxDiff < 0.02 * scale, "second order vs finite differences: " + maxDiff + " of " + scale);
    assertTrue(maxFirstDiff > 0.1 * scale, "first order should not match the unrolled derivative");
  }
}
