package org.sparknas.core.model;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a network costs: its parameter count (learnt values; batch-norm running statistics excluded)
 * and its multiply-adds per image, counted over convolutions and linear layers as NAS papers count
 * FLOPs (batch norm, pooling and additions are left out).
 */
public record ModelCost(long parameters, long multiplyAdds) {

  /** The cost of {@code graph} for inputs of {@code [channels, height, width]}. */
  public static ModelCost of(ComputationGraph graph, long[] inputShape) {
    long params = 0;
    for (org.deeplearning4j.nn.api.Layer l : graph.getLayers()) {
      params += l.numParams();
      if (l.conf().getLayer() instanceof BatchNormalization bn) {
        params -= 2 * bn.getNOut(); // running mean and variance: DL4J parameters, but nothing learns them
      }
    }
    return new ModelCost(params, multiplyAdds(graph.getConfiguration(), inputShape));
  }

  private static long multiplyAdds(ComputationGraphConfiguration conf, long[] shape) {
    Map<String, InputType> outputs = conf.getLayerActivationTypes(
        InputType.convolutional(shape[1], shape[2], shape[0]));
    long total = 0;
    for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
      if (!(v.getValue() instanceof LayerVertex lv)) {
        continue;
      }
      Layer layer = lv.getLayerConf().getLayer();
      InputType out = outputs.get(v.getKey());
      if (layer instanceof ConvolutionLayer conv && out instanceof InputType.InputTypeConvolutional o) {
        long positions = o.getHeight() * o.getWidth();
        long kernel = (long) conv.getKernelSize()[0] * conv.getKernelSize()[1];
        if (layer instanceof SeparableConvolution2D sep) {
          long depthwise = conv.getNIn() * sep.getDepthMultiplier();
          total += positions * (kernel * depthwise + depthwise * conv.getNOut());
        } else if (layer instanceof DepthwiseConvolution2D dw) {
          total += positions * kernel * conv.getNIn() * dw.getDepthMultiplier();
        } else {
          total += positions * kernel * conv.getNIn() * conv.getNOut();
        }
      } else if (layer instanceof BaseOutputLayer || layer instanceof DenseLayer) {
        FeedForwardLayer ff = (FeedForwardLayer) layer;
        total += ff.getNIn() * ff.getNOut();
      }
    }
    return total;
  }
}
