package org.sparknas.core.nn;

/**
 * PLACEHOLDER so that nas-core compiles: {@code SearchSpace} refers to this type but the skeleton
 * commit did not add it. The network-builder work replaces this file with the real graph builder;
 * on a merge conflict take the other side.
 */
public interface GraphBuilder {
}
