package org.sparknas.core.space;

import java.util.List;

import org.sparknas.core.network.Network;

/**
 * A cell-based search space: its candidate operations, its architecture-parameter groups (one alpha
 * matrix of {@code edges x ops} per group, shared by all cells of that type) and its macro skeleton.
 * <pre>{@code
 * SearchSpace space = Spaces.create(config);           // nb201 or darts
 * Encoding all = Encoding.full(space);                  // the one-shot supernet
 * Network net = space.network(all);                     // its description, for any backend
 * }</pre>
 */
public interface SearchSpace extends java.io.Serializable {

  /** Config name of the space: {@code nb201}, {@code darts}. */
  String name();

  /** Candidate operation names in alpha column order. */
  List<String> opNames();

  /** Architecture-parameter groups in a fixed order (nb201: {@code cell}; darts: {@code normal}, {@code reduce}). */
  List<AlphaGroup> groups();

  /** The network description for the ops an encoding allows: only those ops are in it. */
  Network network(Encoding encoding);

  /** Derives the discrete architecture from architecture weights, within what an encoding allows. */
  Architecture derive(ArchitectureWeights weights, Encoding encoding);

  /** Parses a canonical architecture string; throws {@link InvalidArchitectureException} saying what is wrong. */
  Architecture parse(String canonical);

  /** Draws one architecture uniformly among those an encoding allows (one op per edge). */
  Architecture sample(Encoding encoding, java.util.random.RandomGenerator random);

  /** Whether a one-op-per-edge path carries the input to the output (nb201: node 3 reachable from node 0). */
  default boolean connected(Encoding path) {
    return true;
  }

  /**
   * Whether weight {@code weightName} is one of the "shared" weights on which GM-NAS compares the
   * children that differ only on edge {@code edge} of alpha group {@code group} (specs/algorithms.md
   * A.3): the cell-level weights outside the split edge's own op modules. Stem, cell preprocessing and
   * classifier weights are not shared in this sense.
   */
  default boolean sharedForSplit(String weightName, String group, int edge) {
    throw new UnsupportedOperationException("search space " + name()
        + " does not say which weights a gradient-matching split compares");
  }

  /** Input shape {@code [channels, height, width]} the network is built for. */
  long[] inputShape();

  /** Number of classes of the classifier head. */
  int classes();

  default int opCount() {
    return opNames().size();
  }
}
