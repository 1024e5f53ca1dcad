/**
 * DARTS-space discrete architectures: the op lists (with and without {@code none}) and the edge order
 * of the 14-edge cell ({@link org.sparknas.spaces.darts.DartsOps}), and the genotype with the exact text
 * form the DARTS reference prints, its parser, the DARTS derivation rule and uniform sampling
 * ({@link org.sparknas.spaces.darts.DartsGenotype}). The network description and the {@code SearchSpace}
 * implementation delegate to these classes.
 */
package org.sparknas.spaces.darts;
