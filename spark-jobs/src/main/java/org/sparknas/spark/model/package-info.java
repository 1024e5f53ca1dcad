/**
 * The final model on Spark: retraining a found architecture's DL4J graph with dl4j-spark's parameter
 * averaging ({@link org.sparknas.spark.model.SparkEpochs}) and scoring images on the executors with a
 * broadcast model ({@link org.sparknas.spark.model.ModelPredictions}), for {@code bin/nas retrain} and
 * {@code bin/nas predict}.
 */
package org.sparknas.spark.model;
