/**
 * The final model of a found architecture as a plain DL4J {@code ComputationGraph}: built from
 * DL4J's own layers ({@link org.sparknas.core.model.ModelBuilder}, {@link org.sparknas.core.model.ModelBlocks})
 * in the search network's shape or as the evaluation network ({@link org.sparknas.core.model.ModelOptions}),
 * checked against the search engine with its weights copied in ({@link org.sparknas.core.model.EngineWeights}),
 * trained with DL4J, exported with {@code ModelSerializer} and served by {@code bin/nas predict}.
 */
package org.sparknas.core.model;
