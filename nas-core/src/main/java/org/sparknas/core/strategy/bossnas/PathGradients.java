package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.HashMap;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one path's online passes of a training step give (a path-parallel task's result): its path loss
 * {@code l(p1, zbar2) + l(p2, zbar1)} and the sum of its two views' weight gradients.
 */
public record PathGradients(double loss, HashMap<String, INDArray> gradients) implements Serializable {}
