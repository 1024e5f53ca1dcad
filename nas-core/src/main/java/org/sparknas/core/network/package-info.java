/**
 * Network descriptions, independent of any backend: typed {@link org.sparknas.core.network.Layer}s in
 * topological {@link org.sparknas.core.network.Node}s, mixed edges with their alpha group, edge and
 * allowed ops, and every weight declared by name with its shape and initialisation. Search spaces emit
 * them ({@link org.sparknas.core.network.NetworkBuilder}, {@link org.sparknas.core.network.Blocks}); the
 * training engine and the test oracle execute them.
 */
package org.sparknas.core.network;
