package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.ParameterSet;

/**
 * Optimisers against PyTorch's update rules written out by hand (torch.optim.SGD with dampening 0,
 * torch.optim.Adam with L2 decay, clip_grad_norm_, CosineAnnealingLR), in double precision.
 */
class OptimizersTest {
  private static final double[] P0 = {1.0, -2.0, 0.5};
  private static final double[][] GRADS = {{0.5, 0.25, -1.0}, {0.5, -0.75, 2.0}, {-0.1, 0.3, 0.2}};

  private static ParameterSet params() {
    ParameterSet s = new ParameterSet();
    s.put("p", Nd4j.createFromArray(P0.clone()));
    s.put("untouched", Nd4j.createFromArray(3.0, 4.0));
    return s;
  }

  private static Map<String, INDArray> grad(int step) {
    return Map.of("p", Nd4j.createFromArray(GRADS[step].clone()));
  }

  /** torch.optim.SGD: d = g + wd p; buf = d (first step) or mu buf + d; d = nesterov ? d + mu buf : buf. */
  private static double[][] sgdReference(double lr, double mu, boolean nesterov, double wd, int steps) {
    double[] p = P0.clone();
    double[] buf = null;
    double[][] out = new double[steps][];
    for (int t = 0; t < steps; t++) {
      double[] d = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        d[i] = GRADS[t][i] + wd * p[i];
      }
      if (mu != 0) {
        if (buf == null) {
          buf = d.clone();
        } else {
          for (int i = 0; i < p.length; i++) {
            buf[i] = mu * buf[i] + d[i];
          }
        }
        for (int i = 0; i < p.length; i++) {
          d[i] = nesterov ? d[i] + mu * buf[i] : buf[i];
        }
      }
      for (int i = 0; i < p.length; i++) {
        p[i] -= lr * d[i];
      }
      out[t] = p.clone();
    }
    return out;
  }

  private static void checkSgd(double mu, boolean nesterov, double wd) {
    double lr = 0.1;
    Sgd sgd = new Sgd(mu, nesterov, wd);
    ParameterSet s = params();
    double[][] expected = sgdReference(lr, mu, nesterov, wd, 3);
    for (int t = 0; t < 3; t++) {
      Map<String, INDArray> g = grad(t);
      sgd.step(s, g, lr);
      assertArrayEquals(expected[t], s.get("p").toDoubleVector(), 1e-12, "step " + (t + 1));
      assertArrayEquals(GRADS[t], g.get("p").toDoubleVector(), 0, "the gradient was modified");
    }
    assertArrayEquals(new double[] {3, 4}, s.get("untouched").toDoubleVector(), 0, "parameter without gradient");
  }

  @Test
  @DisplayName("SGD with momentum: the first step starts the buffer with the gradient (literal values)")
  void sgdFirstStepsByHand() {
    Sgd sgd = new Sgd(0.9, false, 0.1);
    ParameterSet s = new ParameterSet();
    s.put("p", Nd4j.createFromArray(1.0));
    assertNull(sgd.momentumBuffer("p"));
    sgd.step(s, Map.of("p", Nd4j.createFromArray(0.5)), 0.1);
    // d = 0.5 + 0.1 * 1 = 0.6; buf = 0.6; p = 1 - 0.06
    assertEquals(0.94, s.get("p").getDouble(0), 1e-12);
    assertEquals(0.6, sgd.momentumBuffer("p").getDouble(0), 1e-12);
    sgd.step(s, Map.of("p", Nd4j.createFromArray(0.5)), 0.1);
    // d = 0.5 + 0.094 = 0.594; buf = 0.54 + 0.594 = 1.134; p = 0.94 - 0.1134
    assertEquals(0.8266, s.get("p").getDouble(0), 1e-12);
    Sgd nesterov = new Sgd(0.9, true, 0.1);
    ParameterSet n = new ParameterSet();
    n.put("p", Nd4j.createFromArray(1.0));
    nesterov.step(n, Map.of("p", Nd4j.createFromArray(0.5)), 0.1);
    // d = 0.6; buf = 0.6; step = d + 0.9 buf = 1.14
    assertEquals(0.886, n.get("p").getDouble(0), 1e-12);
  }

  @Test
  @DisplayName("SGD matches PyTorch for three steps: plain, momentum, momentum + weight decay, Nesterov")
  void sgdMatchesPyTorch() {
    checkSgd(0, false, 0);
    checkSgd(0.9, false, 0);
    checkSgd(0.9, false, 3e-2);
    checkSgd(0.9, true, 3e-2);
  }

  @Test
  @DisplayName("Adam matches PyTorch for three steps: bias correction and L2 weight decay on the gradient")
  void adamMatchesPyTorch() {
    double b1 = 0.5;
    double b2 = 0.999;
    double eps = 1e-8;
    double wd = 1e-3;
    double lr = 3e-4;
    Adam adam = new Adam(b1, b2, eps, wd);
    ParameterSet s = params();
    double[] p = P0.clone();
    double[] m = new double[3];
    double[] v = new double[3];
    for (int t = 1; t <= 3; t++) {
      for (int i = 0; i < 3; i++) {
        double g = GRADS[t - 1][i] + wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
        p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
      }
      adam.step(s, grad(t - 1), lr);
      assertArrayEquals(p, s.get("p").toDoubleVector(), 1e-12, "step " + t);
    }
    // the first step moves each parameter by lr in the direction of -sign(g + wd p)
    Adam fresh = new Adam(b1, b2, eps, wd);
    ParameterSet one = params();
    fresh.step(one, grad(0), lr);
    for (int i = 0; i < 3; i++) {
      double g = GRADS[0][i] + wd * P0[i];
      assertEquals(P0[i] - lr * Math.signum(g), one.get("p").getDouble(i), 1e-10);
    }
    assertArrayEquals(new double[] {3, 4}, s.get("untouched").toDoubleVector(), 0);
  }

  @Test
  @DisplayName("copy carries the optimiser state: both continue identically and independently")
  void copyCarriesState() {
    for (Optimizer o : new Optimizer[] {new Sgd(0.9, true, 1e-2), new Adam(0.5, 0.999, 1e-8, 1e-3)}) {
      ParameterSet a = params();
      o.step(a, grad(0), 0.1);
      ParameterSet b = a.copy();
      Optimizer c = o.copy();
      o.step(a, grad(1), 0.1);
      c.step(b, grad(1), 0.1);
      assertArrayEquals(a.get("p").toDoubleVector(), b.get("p").toDoubleVector(), 0, o.getClass().getSimpleName());
      c.step(b, grad(2), 0.1);
      o.step(a, grad(2), 0.1);
      assertArrayEquals(a.get("p").toDoubleVector(), b.get("p").toDoubleVector(), 0, o.getClass().getSimpleName());
    }
  }

  @Test
  @DisplayName("cosine schedule: max at epoch 0, min at the last epoch, their mean half way")
  void cosineSchedule() {
    CosineSchedule s = new CosineSchedule(0.025, 0.001, 50);
    assertEquals(0.025, s.at(0), 1e-15);
    assertEquals(0.001, s.at(50), 1e-15);
    assertEquals(0.013, s.at(25), 1e-15);
    assertEquals(0.001 + 0.024 * (1 + Math.cos(Math.PI * 10 / 50)) / 2, s.at(10), 1e-15);
    for (int e = 1; e <= 50; e++) {
      assertEquals(true, s.at(e) < s.at(e - 1), "decreasing at " + e);
    }
    assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0, 0));
  }

  @Test
  @DisplayName("clipping uses the L2 norm over all arrays together and scales only above the maximum")
  void gradientClipping() {
    Map<String, INDArray> g = new LinkedHashMap<>();
    g.put("a", Nd4j.createFromArray(3.0, 0.0));
    g.put("b", Nd4j.createFromArray(new double[][] {{0.0}, {4.0}}));
    assertEquals(5.0, GradientClipping.globalNorm(g), 1e-12);

    assertEquals(5.0, GradientClipping.clip(g, 10), 1e-12);
    assertArrayEquals(new double[] {3, 0}, g.get("a").toDoubleVector(), 0, "below the maximum: untouched");

    // each array alone (norms 3 and 4) is within 4.5; together (5) they are not
    assertEquals(5.0, GradientClipping.clip(g, 4.5), 1e-12);
    double scale = 4.5 / (5.0 + 1e-6);
    assertArrayEquals(new double[] {3 * scale, 0}, g.get("a").toDoubleVector(), 1e-12);
    assertArrayEquals(new double[] {0, 4 * scale}, g.get("b").reshape(2).toDoubleVector(), 1e-12);
    assertEquals(4.5, GradientClipping.globalNorm(g), 1e-5);
  }
}
