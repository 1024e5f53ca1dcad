package org.sparknas.core.runtime;

/**
 * Derived seeds: {@code seed(master, phase, index...)} so that no two pieces of work share a random
 * stream and a retried task redraws exactly what the first attempt drew. The hash is SplitMix64's
 * finaliser applied to a running combination of the parts; the phase name enters through
 * {@link String#hashCode()}, which Java fixes by specification.
 */
public final class Seeds {
  private Seeds() {}

  public static long seed(long master, String phase, long... index) {
    long h = mix(master ^ 0x5851F42D4C957F2DL);
    h = mix(h ^ phase.hashCode());
    for (long i : index) {
      h = mix(h + 0x9E3779B97F4A7C15L * (i + 1));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
