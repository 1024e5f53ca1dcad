/**
 * Everything that knows about Spark: the Spark implementation of the nas-core runtime seam
 * ({@code runtime}), the SparkSession factory and {@code spark.nas.*} pass-through ({@code session}) and
 * Kryo registration for what crosses the wire ({@code kryo}). Search logic stays in nas-core.
 */
package org.sparknas.spark;
