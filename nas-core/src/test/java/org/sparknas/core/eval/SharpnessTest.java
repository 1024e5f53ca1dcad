package org.sparknas.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.TinySpace;

/**
 * Hessian-vector products and power iteration: exact on a constructed quadratic, and on
 * {@link TinySpace}'s alphas against second differences of the loss itself and the symmetry of H.
 */
class SharpnessTest {

  /** A = Q diag(4, -2.5, 1, 0.5, 0.1) Q^T with an orthogonal Q (a Householder reflection). */
  private static INDArray constructedHessian() {
    INDArray u = Nd4j.createFromArray(0.3, -0.5, 0.2, 0.7, -0.1);
    u.divi(u.norm2Number());
    INDArray q = Nd4j.eye(5).castTo(DataType.DOUBLE).subi(u.reshape(5, 1).mmul(u.reshape(1, 5)).muli(2));
    INDArray d = Nd4j.diag(Nd4j.createFromArray(4.0, -2.5, 1.0, 0.5, 0.1));
    return q.mmul(d).mmul(q.transpose());
  }

  @Test
  @DisplayName("quadratic 1/2 a^T A a: Hv equals A v, power iteration finds the top eigenvalue 4")
  void quadratic() {
    INDArray a = constructedHessian();
    UnaryOperator<INDArray> gradient = x -> a.mmul(x.reshape(5, 1)).reshape(5);
    INDArray at = Nd4j.createFromArray(0.2, -1.0, 0.5, 0.0, 3.0);
    INDArray v = Nd4j.createFromArray(1.0, 2.0, -1.0, 0.5, 0.25);
    INDArray hv = Sharpness.hessianVector(gradient, at, v, 1e-2);
    INDArray exact = a.mmul(v.reshape(5, 1)).reshape(5);
    assertTrue(GradCheck.rerunDifference(exact, hv) < 1e-12, "Hv " + hv + " vs Av " + exact);
    assertEquals(4.0, Sharpness.dominantEigenvalue(gradient, at, 60, 1e-2, 7), 1e-9);
  }

  @Test
  @DisplayName("power iteration keeps the sign: a dominant negative eigenvalue is reported negative")
  void negativeDominant() {
    INDArray d = Nd4j.diag(Nd4j.createFromArray(-3.0, 1.0, 0.5));
    assertEquals(-3.0, Sharpness.dominantEigenvalue(x -> d.mmul(x.reshape(3, 1)).reshape(3),
        Nd4j.zeros(DataType.DOUBLE, 3), 80, 1e-2, 3), 1e-9);
  }

  @Test
  @DisplayName("tiny supernet: v.Hv matches second differences of the validation loss, u.Hv = v.Hu, alphas restored")
  void supernetHessian() {
    TinySpace space = new TinySpace();
    Supernet net = Supernet.create(space, 61);
    ParameterSet alphas = net.parameters().alphas();
    alphas.get("alpha_edge").assign(GradCheck.uniform(DataType.FLOAT, 62, 2, 4).muli(2));
    // no ReLU downstream of a mixed edge (edge 1 without its conv), so the loss is smooth in alpha and
    // second differences of it are a fair reference; edge 0 keeps all ops
    Encoding smooth = Encoding.full(space).withRow(TinySpace.GROUP, 1, new boolean[] {true, true, false, true});
    SupernetGraph graph = net.graph(smooth, BatchNormMode.BATCH);
    // a confident head, so that the loss curves visibly in alpha (a fresh head predicts nearly uniform)
    net.parameters().weights().get("head/fc/w").muli(20);
    List<Batch> batches = List.of(batch(63, 0, 1, 2, 0, 1, 2), batch(64, 2, 2, 1, 0, 0, 1));
    INDArray at = alphas.flatten().castTo(DataType.DOUBLE);
    INDArray before = at.dup();
    UnaryOperator<INDArray> gradient = a -> {
      alphas.get("alpha_edge").assign(a.reshape(2, 4));
      INDArray g = Nd4j.zeros(DataType.DOUBLE, 8);
      for (Batch b : batches) {
        g.addi(graph.forwardBackward(b.features(), b.labels(), List.of("alpha_edge")).gradients().get("alpha_edge")
            .reshape(8).castTo(DataType.DOUBLE));
      }
      return g.divi(batches.size());
    };
    INDArray v = GradCheck.uniform(DataType.DOUBLE, 65, 8);
    v.divi(v.norm2Number());
    INDArray u = GradCheck.uniform(DataType.DOUBLE, 66, 8);
    u.divi(u.norm2Number());
    double vHv = v.mul(Sharpness.hessianVector(gradient, at, v, 1e-2)).sumNumber().doubleValue();
    double uHv = u.mul(Sharpness.hessianVector(gradient, at, v, 1e-2)).sumNumber().doubleValue();
    double vHu = v.mul(Sharpness.hessianVector(gradient, at, u, 1e-2)).sumNumber().doubleValue();
    // second difference of the loss along v, no gradients involved
    double h = 0.1;
    double second = (loss(graph, alphas, batches, at.add(v.mul(h))) - 2 * loss(graph, alphas, batches, at)
        + loss(graph, alphas, batches, at.sub(v.mul(h)))) / (h * h);
    System.out.printf("v.Hv %.5f, second difference %.5f, u.Hv %.5f, v.Hu %.5f%n", vHv, second, uHv, vHu);
    assertTrue(Math.abs(vHv) > 1e-3, "a curvature large enough to test: " + vHv);
    assertEquals(second, vHv, 0.03 * Math.abs(vHv));
    assertEquals(uHv, vHu, 0.01 * Math.abs(uHv));

    alphas.get("alpha_edge").assign(before.reshape(2, 4));
    double top = Sharpness.ofArchitecture(graph, alphas, batches, 30, 1e-2, 9);
    assertEquals(before, alphas.flatten().castTo(DataType.DOUBLE), "alphas restored");
    // the Rayleigh quotient of any unit vector is bounded by the dominant eigenvalue's magnitude
    assertTrue(Math.abs(top) >= Math.abs(vHv) * 0.99 && Math.abs(top) >= Math.abs(uHv) * 0.99,
        "dominant " + top + " vs v.Hv " + vHv);
  }

  private static double loss(SupernetGraph graph, ParameterSet alphas, List<Batch> batches, INDArray a) {
    alphas.get("alpha_edge").assign(a.reshape(2, 4));
    double sum = 0;
    for (Batch b : batches) {
      sum += graph.forwardBackward(b.features(), b.labels(), List.of()).loss();
    }
    return sum / batches.size();
  }

  private static Batch batch(long seed, int... classes) {
    INDArray x = GradCheck.uniform(DataType.FLOAT, seed, classes.length, 2, 4, 4).muli(2);
    return new Batch(x, TinySpace.oneHot(classes), classes);
  }
}
