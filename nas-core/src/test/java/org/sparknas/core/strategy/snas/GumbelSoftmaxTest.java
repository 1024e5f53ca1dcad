package org.sparknas.core.strategy.snas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.PrimitiveIterator;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.supernet.TinySpace;

/** SNAS's Gumbel noise: Gumbel distributed, reproducible from its seed, redrawn when infinite. */
class GumbelSoftmaxTest {
  private static final TinySpace SPACE = new TinySpace();

  @Test
  @DisplayName("the noise is reproducible from its seed and differs between seeds; the temperature is fed as given")
  void noiseFromSeed() {
    GumbelSample a = GumbelNoise.sample(SPACE, 0.5, 42);
    GumbelSample b = GumbelNoise.sample(SPACE, 0.5, 42);
    GumbelSample c = GumbelNoise.sample(SPACE, 0.5, 43);
    assertEquals(java.util.Set.of(TinySpace.GROUP), a.noise().keySet());
    assertArrayEquals(a.noise().get(TinySpace.GROUP), b.noise().get(TinySpace.GROUP));
    assertFalse(java.util.Arrays.deepEquals(a.noise().get(TinySpace.GROUP), c.noise().get(TinySpace.GROUP)));
    assertEquals(0.5, a.temperature(), 0.0);
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
