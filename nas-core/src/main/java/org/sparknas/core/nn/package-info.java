/**
 * The training engine: a {@link org.sparknas.core.network.Network} description compiled to modules with
 * explicit forward and backward over libnd4j ops executed directly with preallocated outputs
 * ({@link org.sparknas.core.nn.CompiledNetwork}). No graph is built per architecture; only the ops an
 * encoding allows are compiled; architecture weights (softmax, Gumbel-softmax) are computed on the host;
 * every activation and gradient comes from a {@link org.sparknas.core.nn.BufferPool}, so memory is flat
 * after warm-up. It runs on whatever ND4J backend is loaded. Why not SameDiff: specs/native-engine.md.
 */
package org.sparknas.core.nn;
