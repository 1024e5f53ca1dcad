/**
 * Ranking studies ({@code bin/nas rank}): how well the scores of weight-sharing supernets (the arms:
 * one-shot, few-shot sub-supernets) order architectures compared with training each from scratch.
 */
package org.sparknas.core.rank;
