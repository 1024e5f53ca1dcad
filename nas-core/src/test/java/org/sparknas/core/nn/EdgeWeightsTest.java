package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.snas.GumbelNoise;
import org.sparknas.core.supernet.TinySpace;

/**
 * The Gumbel-softmax edge weights of SNAS as the engine computes them: a distribution over exactly the
 * allowed ops, the formula {@code softmax((alpha + g) / tau)} computed by hand, the effect of the
 * temperature.
 */
class EdgeWeightsTest {
  private static final TinySpace SPACE = new TinySpace();
  /** Edge 0 mixes skip and conv; edge 1 mixes none, skip and avg pool. */
  private static final boolean[][] MASK = {{false, true, true, false}, {true, true, false, true}};
  private static final Encoding ENC = Encoding.of(Map.of(TinySpace.GROUP, MASK));

  /** The weight matrix the engine computes for {@code alpha} and a sample. */
  private static double[][] weights(INDArray alpha, GumbelSample sample) {
    Map<Integer, int[]> rows = Map.of(0, ENC.allowedOps(TinySpace.GROUP, 0), 1, ENC.allowedOps(TinySpace.GROUP, 1));
    EdgeWeights w = new EdgeWeights(Map.of(TinySpace.GROUP, rows), Map.of(TinySpace.GROUP, alpha), sample);
    double[][] out = new double[2][4];
    for (int e = 0; e < 2; e++) {
      for (int o = 0; o < 4; o++) {
        out[e][o] = w.weight(TinySpace.GROUP, e, o);
      }
    }
    return out;
  }

  private static INDArray alpha() {
    return GradCheck.uniform(DataType.DOUBLE, 5, 2, 4).muli(2);
  }

  @Test
  @DisplayName("weights are softmax((alpha + g) / tau) over the allowed ops, exactly 0 on masked ops")
  void distributionOverAllowedOps() {
    INDArray alpha = alpha();
    double tau = 0.7;
    GumbelSample noise = GumbelNoise.sample(SPACE, tau, 3);
    double[][] w = weights(alpha, noise);
    double[][] g = noise.noise().get(TinySpace.GROUP);
    for (int e = 0; e < 2; e++) {
      double[] expected = new double[4];
      double sum = 0;
      for (int o = 0; o < 4; o++) {
        expected[o] = MASK[e][o] ? Math.exp((alpha.getDouble(e, o) + g[e][o]) / tau) : 0;
        sum += expected[o];
      }
      for (int o = 0; o < 4; o++) {
        expected[o] /= sum;
        if (!MASK[e][o]) {
          assertEquals(0.0, w[e][o], 0.0, "masked op " + o + " of edge " + e + " must weigh exactly 0");
        }
      }
      assertArrayEquals(expected, w[e], 1e-12, "edge " + e);
      assertEquals(1.0, Arrays.stream(w[e]).sum(), 1e-12);
    }
  }

  @Test
  @DisplayName("a small temperature gives a near one-hot sample, a large one a near uniform one over the allowed ops")
  void followsTemperature() {
    INDArray alpha = alpha();
    for (long seed = 0; seed < 5; seed++) {
      double[][] cold = weights(alpha, GumbelNoise.sample(SPACE, 0.01, seed));
      double[][] hot = weights(alpha, GumbelNoise.sample(SPACE, 1e4, seed));
      for (int e = 0; e < 2; e++) {
        int allowed = ENC.allowedOps(TinySpace.GROUP, e).length;
        assertTrue(Arrays.stream(cold[e]).max().getAsDouble() > 0.99, "tau 0.01: " + Arrays.toString(cold[e]));
        for (int o = 0; o < 4; o++) {
          assertEquals(MASK[e][o] ? 1.0 / allowed : 0.0, hot[e][o], 1e-3, "tau 1e4: " + Arrays.toString(hot[e]));
        }
      }
    }
  }
}
