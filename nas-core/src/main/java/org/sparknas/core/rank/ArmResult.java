package org.sparknas.core.rank;

/**
 * One arm's outcome: its score (validation accuracy with inherited weights) of every studied
 * architecture, in study order, the rank correlations with ground truth, its budget in weight steps,
 * its number of supernets and its training time.
 */
public record ArmResult(String name, double[] scores, double kendallTauB, double spearman, long weightSteps,
    int members, double seconds) {}
