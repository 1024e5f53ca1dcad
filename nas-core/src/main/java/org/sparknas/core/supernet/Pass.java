package org.sparknas.core.supernet;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The result of one forward (and possibly backward) pass: mean loss, logits and the requested gradients. */
public record Pass(double loss, INDArray logits, Map<String, INDArray> gradients) {}
