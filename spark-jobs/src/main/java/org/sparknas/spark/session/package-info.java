/**
 * Starting Spark the way SparkNAS needs it: the SparkSession factory (master defaulting to
 * {@code local[*]}, Kryo with the project registrator, loopback driver in local mode, one OpenMP thread
 * per task cpu on executors) and the pass-through of {@code spark.nas.*} settings into {@code nas.*}
 * config overrides.
 */
package org.sparknas.spark.session;
