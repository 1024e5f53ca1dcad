package org.sparknas.core.model;

import java.io.Serializable;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.sparknas.core.space.Architecture;

/**
 * Builds the DL4J network of a space's architectures in that space's macro skeleton (channels, cells,
 * input shape and classes of the space it was made for). Output 0 of the graph is the prediction; an
 * auxiliary head, when asked for, is output 1.
 * <pre>{@code
 * ModelFactory f = Spaces.model(space);
 * ComputationGraph g = new ComputationGraph(f.configuration(space.parse(s), ModelOptions.SEARCH_PATH, base));
 * }</pre>
 */
public interface ModelFactory extends Serializable {

  /**
   * @param architecture an architecture of the factory's space
   * @param options which variant: the engine's single path or the evaluation network
   * @param base global layer settings (seed, updater, regularisation, weight init)
   */
  ComputationGraphConfiguration configuration(Architecture architecture, ModelOptions options,
      NeuralNetConfiguration.Builder base);
}
