package org.sparknas.core.model;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * Copies the search engine's weights and batch-norm running statistics into a DL4J graph built by
 * {@link ModelBuilder}, whose parameterised layers are named after the engine arrays they hold. Layouts
 * differ: a convolution is {@code [k, k, in, out]} in the engine and {@code [out, in, k, k]} in DL4J
 * (a separable layer's depthwise and pointwise kernels too); a depthwise layer's {@code [k, k, C, 1]}
 * and linear weights {@code [in, out]} are laid out alike.
 * <pre>{@code
 * Set<String> used = EngineWeights.copy(supernet.parameters(), graph);   // every layer found its arrays
 * }</pre>
 */
public final class EngineWeights {
  private EngineWeights() {}

  /**
   * Assigns every parameter of {@code graph} from {@code source}; fails naming the layer when an array
   * is missing or has another size. Returns the engine names it read.
   */
  public static Set<String> copy(SupernetParameters source, ComputationGraph graph) {
    Set<String> used = new LinkedHashSet<>();
    for (Layer layer : graph.getLayers()) {
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      String name = conf.getLayerName();
      if (conf instanceof SeparableConvolution2D) {
        assign(layer, SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY,
            read(source.weights(), name + "/dw", used).permute(3, 2, 0, 1));
        assign(layer, SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY,
            read(source.weights(), name + "/pw", used).permute(3, 2, 0, 1));
      } else if (conf instanceof DepthwiseConvolution2D) {
        assign(layer, ConvolutionParamInitializer.WEIGHT_KEY, read(source.weights(), name, used));
      } else if (conf instanceof ConvolutionLayer) {
        assign(layer, ConvolutionParamInitializer.WEIGHT_KEY, read(source.weights(), name, used).permute(3, 2, 0, 1));
      } else if (conf instanceof BatchNormalization bn) {
        if (!bn.isLockGammaBeta()) {
          assign(layer, BatchNormalizationParamInitializer.GAMMA, read(source.weights(), name + "/gamma", used));
          assign(layer, BatchNormalizationParamInitializer.BETA, read(source.weights(), name + "/beta", used));
        }
        assign(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN, read(source.bnStats(), name + "/running_mean", used));
        assign(layer, BatchNormalizationParamInitializer.GLOBAL_VAR, read(source.bnStats(), name + "/running_var", used));
      } else if (conf instanceof OutputLayer) {
        assign(layer, DefaultParamInitializer.WEIGHT_KEY, read(source.weights(), name + "/w", used));
        assign(layer, DefaultParamInitializer.BIAS_KEY, read(source.weights(), name + "/b", used));
      } else if (layer.numParams() > 0) {
        throw new IllegalArgumentException("layer " + name + " (" + conf.getClass().getSimpleName()
            + ") has parameters but no engine counterpart");
      }
    }
    return used;
  }

  private static INDArray read(ParameterSet set, String name, Set<String> used) {
    if (!set.contains(name)) {
      throw new IllegalArgumentException("the engine has no array '" + name + "' for the DL4J graph");
    }
    used.add(name);
    return set.get(name);
  }

  private static void assign(Layer layer, String key, INDArray value) {
    INDArray param = layer.getParam(key);
    // vectors are [C] in the engine and [1, C] in DL4J; everything else must match exactly
    if (param.length() != value.length() || (value.rank() > 1 && !Arrays.equals(param.shape(), value.shape()))) {
      throw new IllegalArgumentException("layer " + layer.conf().getLayer().getLayerName() + " param " + key + ": DL4J "
          + Arrays.toString(param.shape()) + ", engine " + Arrays.toString(value.shape()));
    }
    param.assign(value.reshape(param.shape()));
  }
}
