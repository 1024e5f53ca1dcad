package org.sparknas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;

/**
 * The objectives of a pass: cross-entropy and cross-entropy plus the distillation term, whose value is
 * the KL divergence and whose gradient at the logits is {@code w (softmax(z/tau) - P) / (tau batch)}; both
 * match finite differences, and in a supernet the distillation weight gradients match finite
 * differences of the whole loss.
 */
class ObjectiveTest {
  private static final double TAU = 2.5;
  private static final double WEIGHT = 0.7;

  private static INDArray softmax(INDArray z, double tau) {
    INDArray e = Transforms.exp(z.div(tau), true);
    return e.diviColumnVector(e.sum(1).reshape(e.rows(), 1));
  }

  @Test
  @DisplayName("cross-entropy: value is mean -log softmax at the label, gradient (softmax - y) / batch")
  void crossEntropy() {
    INDArray z = GradCheck.uniform(DataType.DOUBLE, 1, 4, 5).muli(3);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 5);
    for (int i = 0; i < 4; i++) {
      y.putScalar(i, (i * 3) % 5, 1);
    }
    Objective.Value v = Objective.CROSS_ENTROPY.evaluate(z, y);
    INDArray q = softmax(z, 1);
    double expected = -Transforms.log(q, true).mul(y).sum(1).meanNumber().doubleValue();
    assertEquals(expected, v.loss(), 1e-12);
    assertTrue(GradCheck.rerunDifference(q.sub(y).divi(4), v.dLogits().castTo(DataType.DOUBLE)) < 1e-6);
  }

  @Test
  @DisplayName("distillation: value is CE + w * mean KL, gradient matches finite differences")
  void logitGradient() {
    INDArray z = GradCheck.uniform(DataType.DOUBLE, 3, 4, 5).muli(3);
    INDArray p = softmax(GradCheck.uniform(DataType.DOUBLE, 4, 4, 5).muli(2), 1.0);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 5);
    Objective kd = Objective.distillation(new DistillationTarget(p, WEIGHT, TAU));
    Objective.Value v = kd.evaluate(z, y);
    INDArray q = softmax(z, TAU);
    double kl = p.mul(Transforms.log(p, true).sub(Transforms.log(q, true))).sum(1).meanNumber().doubleValue();
    assertEquals(WEIGHT * kl, v.loss(), 1e-12, "no labels: the value is the KL term alone");
    assertTrue(kl > 0.05, "a non-trivial divergence: " + kl);
    INDArray expected = q.sub(p).muli(WEIGHT / TAU / z.rows());
    assertTrue(GradCheck.rerunDifference(expected, v.dLogits().castTo(DataType.DOUBLE)) < 1e-6,
        "analytic " + expected + "\nobjective " + v.dLogits());
    INDArray dz = v.dLogits().castTo(DataType.DOUBLE);
    double err = GradCheck.relativeError(z, dz, () -> kd.evaluate(z, y).loss(), 20, 5);
    assertTrue(err < 1e-5, "finite differences: " + err);
  }

  @Test
  @DisplayName("a zero-probability teacher class contributes 0, not NaN")
  void zeroProbabilities() {
    INDArray z = GradCheck.uniform(DataType.DOUBLE, 8, 2, 3);
    INDArray p = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0.5, 0.5}});
    double value = Objective.distillation(new DistillationTarget(p, WEIGHT, TAU))
        .evaluate(z, Nd4j.zeros(DataType.DOUBLE, 2, 3)).loss();
    assertTrue(Double.isFinite(value) && value > 0, "value " + value);
  }

  private final TinySpace space = new TinySpace();

  @Test
  @DisplayName("supernet: with weight 0 a distillation pass is the plain pass; its gradients match finite differences")
  void supernetWeightGradient() {
    Supernet net = Supernet.create(space, 41);
    net.parameters().alphas().get("alpha_edge").assign(GradCheck.uniform(DataType.FLOAT, 42, 2, 4));
    Encoding all = Encoding.full(space);
    INDArray x = GradCheck.uniform(DataType.FLOAT, 43, 6, 2, 4, 4).muli(2);
    INDArray y = TinySpace.oneHot(0, 1, 2, 0, 1, 2);
    SupernetGraph plain = net.graph(all, BatchNormMode.BATCH);
    SupernetGraph distilled = plain;
    List<String> wrt = new java.util.ArrayList<>(plain.weightNames());
    wrt.addAll(plain.alphaNames());

    INDArray uniform = Nd4j.valueArrayOf(new long[] {6, 3}, 1.0 / 3, DataType.DOUBLE);
    Pass a = plain.forwardBackward(x, y, wrt);
    Pass b = distilled.forwardBackward(x, y, new DistillationTarget(uniform, 0, TAU), wrt);
    assertEquals(a.loss(), b.loss(), 0.0);
    for (String n : wrt) {
      assertEquals(0, GradCheck.rerunDifference(a.gradients().get(n), b.gradients().get(n)), 1e-6, n);
    }

    INDArray p = softmax(GradCheck.uniform(DataType.DOUBLE, 44, 6, 3).muli(3), 1.0);
    DistillationTarget target = new DistillationTarget(p, 4.0, TAU);
    Pass d = distilled.forwardBackward(x, y, target, wrt);
    double kdShare = 0;
    for (String n : wrt) {
      kdShare = Math.max(kdShare, d.gradients().get(n).sub(a.gradients().get(n)).norm2Number().doubleValue());
    }
    assertTrue(kdShare > 1e-2, "the distillation term changes the gradients: " + kdShare);
    // float graph: central differences with a step far above float round-off
    for (String n : wrt) {
      INDArray array = net.parameters().weights().contains(n) ? net.parameters().weights().get(n)
          : net.parameters().alphas().get(n);
      double err = relativeErrorFloat(array, d.gradients().get(n),
          () -> distilled.forwardBackward(x, y, target, List.of()).loss());
      assertTrue(err < 2e-2, n + ": analytic vs finite differences " + err);
    }
  }

  /** max |fd - an| / max |an| over every entry, central differences with step 3e-3 (float graph). */
  private static double relativeErrorFloat(INDArray array, INDArray analytic, java.util.function.DoubleSupplier loss) {
    INDArray flat = array.reshape(array.length());
    INDArray g = analytic.reshape(analytic.length());
    double h = 3e-3;
    double maxDiff = 0;
    double scale = 1e-3;
    for (long i = 0; i < flat.length(); i++) {
      double orig = flat.getDouble(i);
      flat.putScalar(i, orig + h);
      double plus = loss.getAsDouble();
      flat.putScalar(i, orig - h);
      double minus = loss.getAsDouble();
      flat.putScalar(i, orig);
      maxDiff = Math.max(maxDiff, Math.abs((plus - minus) / (2 * h) - g.getDouble(i)));
      scale = Math.max(scale, Math.abs(g.getDouble(i)));
    }
    return maxDiff / scale;
  }
}
