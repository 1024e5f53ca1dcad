package org.sparknas.core.nn;

import org.sparknas.core.space.AlphaGroup;

/**
 * How a graph turns a group's architecture logits into the weights of its mixed edges. Part of a
 * graph's identity: the same encoding and batch-norm mode give different graphs for different kinds.
 */
public enum EdgeWeighting {
  /** DARTS: {@code softmax_m(alpha_e)}, no inputs beyond alpha. */
  SOFTMAX,
  /**
   * SNAS: the Gumbel-softmax relaxation {@code softmax_m((alpha_e + g_e) / tau)}, with the noise
   * {@code g} fed per pass through a placeholder per group ({@link #noiseName}) and the temperature
   * through the scalar placeholder {@link #TEMPERATURE}, so one built graph serves every step.
   */
  GUMBEL_SOFTMAX;

  /** Scalar placeholder of the Gumbel-softmax temperature. */
  public static final String TEMPERATURE = "gumbel_tau";

  /** Placeholder of a group's Gumbel noise, shaped like its alpha ({@code edges x ops}). */
  public static String noiseName(AlphaGroup group) {
    return "gumbel_" + group.name();
  }
}
