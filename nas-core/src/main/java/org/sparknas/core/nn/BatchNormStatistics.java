package org.sparknas.core.nn;

/**
 * One batch-norm layer of a training graph: the graph variables holding its batch mean and (biased)
 * variance, the names of its running-statistics arrays,.
 */
public record BatchNormStatistics(String batchMean, String batchVar, String runningMean, String runningVar) {}
