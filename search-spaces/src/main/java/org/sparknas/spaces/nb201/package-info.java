/**
 * NAS-Bench-201 discrete architectures: the op table and edge order of the cell
 * ({@link org.sparknas.spaces.nb201.Nb201Ops}) and the architecture value with its benchmark string
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}, its parser, derivation from alphas and sampling
 * ({@link org.sparknas.spaces.nb201.Nb201Architecture}). The network description and the
 * {@code SearchSpace} implementation delegate to these classes.
 */
package org.sparknas.spaces.nb201;
