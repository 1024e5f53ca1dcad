package org.sparknas.core.strategy.snas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.nn.MixedEdge;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.TinySpace;

/**
 * The Gumbel-softmax edge weights of SNAS: a distribution over exactly the allowed ops, the formula
 * {@code softmax((alpha + g) / tau)} computed by hand, the effect of the temperature, and the noise:
 * Gumbel distributed, reproducible from its seed, redrawn when infinite.
 */
class GumbelSoftmaxTest {
  private static final TinySpace SPACE = new TinySpace();
  private static final AlphaGroup GROUP = SPACE.groups().get(0);
  /** Edge 0 mixes skip and conv; edge 1 mixes none, skip and avg pool. */
  private static final boolean[][] MASK = {{false, true, true, false}, {true, true, false, true}};
  private static final Encoding ENC = Encoding.of(Map.of(TinySpace.GROUP, MASK));

  /** The weight matrix a graph computes for {@code alpha} and a noise sample. */
  private static double[][] weights(INDArray alpha, Map<String, INDArray> noise) {
    SameDiff sd = SameDiff.create();
    SDVariable a = sd.var("alpha", alpha);
    SDVariable g = sd.placeHolder(EdgeWeighting.noiseName(GROUP), alpha.dataType(), 2, 4);
    SDVariable tau = sd.placeHolder(EdgeWeighting.TEMPERATURE, alpha.dataType());
    MixedEdge.EdgeWeights w = MixedEdge.EdgeWeights.gumbelSoftmax(sd, a, MASK, g, tau);
    double[][] out = new double[2][4];
    for (int e = 0; e < 2; e++) {
      for (int o = 0; o < 4; o++) {
        SDVariable v = w.weight(e, o);
        out[e][o] = sd.output(noise, v.name()).get(v.name()).getDouble(0);
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
    Map<String, INDArray> noise = GumbelNoise.placeholders(SPACE, DataType.DOUBLE, tau, 3);
    double[][] w = weights(alpha, noise);
    double[][] g = noise.get(EdgeWeighting.noiseName(GROUP)).toDoubleMatrix();
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
      double[][] cold = weights(alpha, GumbelNoise.placeholders(SPACE, DataType.DOUBLE, 0.01, seed));
      double[][] hot = weights(alpha, GumbelNoise.placeholders(SPACE, DataType.DOUBLE, 1e4, seed));
      for (int e = 0; e < 2; e++) {
        int allowed = ENC.allowedOps(TinySpace.GROUP, e).length;
        assertTrue(Arrays.stream(cold[e]).max().getAsDouble() > 0.99, "tau 0.01: " + Arrays.toString(cold[e]));
        for (int o = 0; o < 4; o++) {
          assertEquals(MASK[e][o] ? 1.0 / allowed : 0.0, hot[e][o], 1e-3, "tau 1e4: " + Arrays.toString(hot[e]));
        }
      }
    }
  }

  @Test
  @DisplayName("the noise is reproducible from its seed and differs between seeds; the temperature is fed as given")
  void noiseFromSeed() {
    Map<String, INDArray> a = GumbelNoise.placeholders(SPACE, DataType.FLOAT, 0.5, 42);
    Map<String, INDArray> b = GumbelNoise.placeholders(SPACE, DataType.FLOAT, 0.5, 42);
    Map<String, INDArray> c = GumbelNoise.placeholders(SPACE, DataType.FLOAT, 0.5, 43);
    assertEquals(List.of(EdgeWeighting.noiseName(GROUP), EdgeWeighting.TEMPERATURE), List.copyOf(a.keySet()));
    assertEquals(a, b);
    assertFalse(a.get(EdgeWeighting.noiseName(GROUP)).equals(c.get(EdgeWeighting.noiseName(GROUP))));
    assertEquals(0.5, a.get(EdgeWeighting.TEMPERATURE).getDouble(0), 0.0);
  }

  @Test
  @DisplayName("noise follows Gumbel(0, 1): mean Euler's gamma, variance pi^2/6")
  void gumbelDistributed() {
    int n = 200_000;
    SplittableRandom r = new SplittableRandom(7);
    double[] g = GumbelNoise.draw(n, r::nextDouble);
    double mean = DoubleStream.of(g).average().orElseThrow();
    double var = DoubleStream.of(g).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
    // standard errors: sd / sqrt(n) = 0.0029 for the mean, about 0.009 for the variance
    assertEquals(0.5772156649, mean, 0.015);
    assertEquals(Math.PI * Math.PI / 6, var, 0.05);
  }

  @Test
  @DisplayName("a draw with an infinite value (a uniform of exactly 0) is repeated with the next uniforms")
  void infiniteDrawIsRepeated() {
    PrimitiveIterator.OfDouble uniforms = DoubleStream.of(0.5, 0.0, 0.25, 0.1, 0.9, 0.3).iterator();
    double[] g = GumbelNoise.draw(3, uniforms::nextDouble);
    double[] expected = DoubleStream.of(0.1, 0.9, 0.3).map(u -> -Math.log(-Math.log(u))).toArray();
    assertArrayEquals(expected, g, 0.0);
  }
}
