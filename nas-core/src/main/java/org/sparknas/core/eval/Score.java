package org.sparknas.core.eval;

import java.io.Serializable;

/** Mean loss and accuracy of a network over a set of examples. */
public record Score(double loss, double accuracy, int examples) implements Serializable {}
