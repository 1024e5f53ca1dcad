package org.sparknas.core.strategy.snas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.oracle.SameDiffOracle;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.AlphaInit;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.TinySpace;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.Sgd;

/**
 * SNAS's graphs on {@link TinySpace}: the alpha gradient through a Gumbel-softmax sample against
 * finite differences (noise held fixed), the supernet's Gumbel graph against its softmax graph, and
 * one {@link SnasStep}.
 */
class SnasGradientTest {
  private static final TinySpace SPACE = new TinySpace();
  /** Edge 0 mixes skip, conv and avg pool; edge 1 mixes all four ops. */
  private static final Encoding ENC = Encoding.full(SPACE)
      .withRow(TinySpace.GROUP, 0, new boolean[] {false, true, true, true});

  private static Batch batch(long seed, int... classes) {
    INDArray x = GradCheck.uniform(DataType.FLOAT, seed, classes.length, 2, 4, 4).muli(2);
    return new Batch(x, TinySpace.oneHot(classes), classes);
  }

  @Test
  @DisplayName("d loss / d alpha through a Gumbel sample matches central differences and the SameDiff oracle (noise fixed); masked ops get 0")
  void alphaGradientMatchesFiniteDifferences() {
    Supernet net = new Supernet(SPACE, new AlphaInit(1, 0.5).parameters(SPACE, 3));
    SupernetGraph graph = net.graph(ENC, BatchNormMode.BATCH, EdgeWeighting.GUMBEL_SOFTMAX);
    GumbelSample sample = GumbelNoise.sample(SPACE, 0.4, 17);
    Batch b = batch(8, 0, 1, 2, 1);
    INDArray alpha = net.parameters().alphas().get("alpha_edge");
    INDArray grad = graph.forwardBackward(b.features(), b.labels(), sample, List.of("alpha_edge")).gradients()
        .get("alpha_edge");
    double err = GradCheck.relativeError(alpha, grad,
        () -> graph.forwardBackward(b.features(), b.labels(), sample, List.of()).loss(), 8, 1, GradCheck.FLOAT_EPS);
    assertTrue(err < GradCheck.FLOAT_TOLERANCE, "relative error " + err + ", gradient " + grad);
    assertEquals(0.0, grad.getDouble(0, 0), 0.0, "edge 0 does not allow none: no gradient");
    assertTrue(grad.norm2Number().doubleValue() > 1e-3, "the gradient is not trivial: " + grad);

    SupernetParameters inDouble = net.parameters().copy();
    for (ParameterSet s : List.of(inDouble.weights(), inDouble.alphas(), inDouble.bnStats())) {
      GradCheck.toDouble(s);
    }
    SameDiffOracle.Result oracle = SameDiffOracle.run(graph.network(), inDouble, BatchNormMode.BATCH, sample,
        b.features().castTo(DataType.DOUBLE), b.labels().castTo(DataType.DOUBLE));
    double d = GradCheck.rerunDifference(oracle.gradients().get("alpha_edge"), grad.castTo(DataType.DOUBLE));
    assertTrue(d < 1e-4, "engine vs oracle: " + d);
  }

  @Test
  @DisplayName("with zero noise at temperature 1 the supernet's Gumbel graph computes its softmax graph's loss and gradients")
  void zeroNoiseIsSoftmax() {
    Supernet net = new Supernet(SPACE, new AlphaInit(0, 1).parameters(SPACE, 5));
    Batch b = batch(6, 0, 1, 2, 1);
    SupernetGraph gumbel = net.graph(ENC, BatchNormMode.BATCH, EdgeWeighting.GUMBEL_SOFTMAX);
    SupernetGraph softmax = net.graph(ENC, BatchNormMode.BATCH);
    GumbelSample zero = new GumbelSample(Map.of(TinySpace.GROUP, new double[2][4]), 1.0);
    List<String> wrt = new java.util.ArrayList<>(softmax.weightNames());
    wrt.addAll(softmax.alphaNames());
    assertEquals(softmax.weightNames(), gumbel.weightNames());
    assertEquals(List.of("alpha_edge"), gumbel.alphaNames());
    Pass a = gumbel.forwardBackward(b.features(), b.labels(), zero, wrt);
    Pass s = softmax.forwardBackward(b.features(), b.labels(), wrt);
    assertEquals(s.loss(), a.loss(), 1e-6);
    GradCheck.assertRerunEqual(s.gradients(), a.gradients(), "gumbel graph at g = 0, tau = 1");
    Pass sampled = gumbel.forwardBackward(b.features(), b.labels(), GumbelNoise.sample(SPACE, 1.0, 1), wrt);
    assertTrue(Math.abs(sampled.loss() - s.loss()) > 1e-6, "noise changes the loss");
  }

  @Test
  @DisplayName("a step trains alpha on the validation batch and the weights on the train batch; frozen alpha stays; same seed, same step")
  void step() {
    Batch train = batch(11, 0, 1, 2, 0);
    Batch valid = batch(12, 2, 2, 1, 0);
    SnasStep step = new SnasStep(0.05, 5.0);
    SupernetParameters start = new Supernet(SPACE, new AlphaInit(1, 0.01).parameters(SPACE, 13)).parameters();
    new Supernet(SPACE, start).graph(ENC, BatchNormMode.TRAIN, EdgeWeighting.GUMBEL_SOFTMAX); // creates the weights

    SupernetParameters[] after = new SupernetParameters[4];
    long[] seeds = {21, 21, 22, 21};
    boolean[] frozen = {false, false, false, true};
    for (int i = 0; i < 4; i++) {
      Supernet net = new Supernet(SPACE, start.copy());
      step.run(net, ENC, new Sgd(0.9, false, 3e-4), new Adam(0.5, 0.999, 1e-8, 1e-3),
          new SnasStep.Input(train, valid, 0.1, 0.5, seeds[i], !frozen[i]));
      after[i] = net.parameters();
    }
    INDArray alpha0 = start.alphas().get("alpha_edge");
    assertFalse(alpha0.equals(after[0].alphas().get("alpha_edge")), "alpha moved");
    assertEquals(after[0].weights().flatten(), after[1].weights().flatten(), "same seed, same weights");
    assertEquals(after[0].alphas().get("alpha_edge"), after[1].alphas().get("alpha_edge"));
    assertFalse(after[0].alphas().get("alpha_edge").equals(after[2].alphas().get("alpha_edge")), "another seed, other noise");
    assertEquals(alpha0, after[3].alphas().get("alpha_edge"), "frozen alpha is not updated");
    assertFalse(start.weights().flatten().equals(after[3].weights().flatten()), "weights are trained with alpha frozen");
  }
}
