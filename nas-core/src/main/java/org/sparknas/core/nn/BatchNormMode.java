package org.sparknas.core.nn;

/** How batch norm layers normalise in a graph. */
public enum BatchNormMode {
  /** Batch statistics, and the graph exposes them so running statistics can be updated after the step. */
  TRAIN,
  /** Running statistics (inference, supernet validation). */
  RUNNING,
  /** Batch statistics at training and evaluation alike ({@code track_running_stats=false}, RSPS). */
  BATCH
}
