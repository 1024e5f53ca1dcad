/**
 * The Spark side of nas-core's {@link org.sparknas.core.runtime.ParallelRunner}: one task per work
 * item, shared state broadcast once per batch, results in input order, job group and description per
 * batch, accumulators counting items and failed attempts, and the per-task ND4J thread limit that keeps
 * two tasks on one machine from oversubscribing it.
 */
package org.sparknas.spark.runtime;
