/**
 * Training a single architecture from scratch ({@link org.sparknas.core.retrain.ScratchTraining}): the
 * ground truth of ranking studies and the per-epoch curves successive halving compares.
 */
package org.sparknas.core.retrain;
