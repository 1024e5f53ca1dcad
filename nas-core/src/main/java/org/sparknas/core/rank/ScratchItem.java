package org.sparknas.core.rank;

import java.io.Serializable;

/** One from-scratch work item of a ranking study: the architecture's index, string and seed. */
public record ScratchItem(int index, String architecture, long seed) implements Serializable {}
