package org.sparknas.core.strategy;

import java.io.Serializable;

/** A scored candidate architecture and where it came from ({@code supernet}, {@code sample 17}, {@code sub-supernet 3}). */
public record Candidate(String architecture, double score, String source) implements Serializable {}
