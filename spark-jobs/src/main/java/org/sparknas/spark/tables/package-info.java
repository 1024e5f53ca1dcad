/**
 * A run's {@link org.sparknas.core.report.Table}s written as Parquet with Spark, inside the run's
 * in-progress directory, so that one {@code spark.read.parquet} with a glob over the run directories
 * reads many runs at once.
 */
package org.sparknas.spark.tables;
