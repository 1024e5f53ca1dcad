package org.sparknas.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Builds a DL4J {@link ComputationGraphConfiguration} layer by layer, working out every activation's
 * shape so callers only say channels (the DL4J counterpart of the engine's {@code NetworkBuilder}).
 * Only DL4J's own layers and vertices are used, plus {@link DropPath} as a layer's dropout. A layer
 * that holds an engine weight is named after it ({@code cell0/edge3/nor_conv_3x3/conv/w}, a batch
 * norm {@code .../bn}, a linear layer {@code head/fc}), which is how {@link EngineWeights} finds the
 * values to copy. Batch norm is PyTorch's: eps 1e-5, running statistics {@code 0.9 old + 0.1 batch},
 * variance stored as such.
 * <pre>{@code
 * ModelBuilder b = new ModelBuilder(base, new long[] {1, 28, 28});
 * ModelBuilder.Tensor x = b.batchNorm("stem/bn", b.conv("stem/w", b.input(), 16, 3, 1, 1), true);
 * ComputationGraphConfiguration conf = b.build(b.output("head/fc", b.globalAvgPool("head/pool", x), 10, 1));
 * }</pre>
 */
public final class ModelBuilder {
  static {
    Dl4jHelpers.enable();
  }

  /** Name of the graph's input. */
  public static final String INPUT = "input";

  /** An activation of the graph: the vertex that makes it and its per-example shape. */
  public record Tensor(String name, long channels, long height, long width) {}

  private final ComputationGraphConfiguration.GraphBuilder graph;
  private final Tensor input;
  private final Map<String, Tensor> relus = new HashMap<>();

  /**
   * @param base global settings of every layer (seed, updater, regularisation, weight init)
   * @param inputShape {@code [channels, height, width]}
   */
  public ModelBuilder(NeuralNetConfiguration.Builder base, long[] inputShape) {
    input = new Tensor(INPUT, inputShape[0], inputShape[1], inputShape[2]);
    graph = base.graphBuilder().addInputs(INPUT)
        .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0]));
  }

  public Tensor input() {
    return input;
  }

  /** Convolution without bias; the layer is named after the engine weight it holds. */
  public Tensor conv(String weight, Tensor x, long out, int kernel, int stride, int padding) {
    graph.addLayer(weight, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
        .convolutionMode(ConvolutionMode.Truncate).nIn(x.channels()).nOut(out).hasBias(false)
        .activation(Activation.IDENTITY).build(), x.name());
    return spatial(weight, x, out, kernel, stride, padding, 1);
  }

  /** Depthwise convolution with dilation, one filter per channel, no bias. */
  public Tensor depthwiseConv(String weight, Tensor x, int kernel, int stride, int padding, int dilation) {
    graph.addLayer(weight, new DepthwiseConvolution2D.Builder(kernel, kernel).stride(stride, stride)
        .padding(padding, padding).dilation(dilation, dilation).convolutionMode(ConvolutionMode.Truncate)
        .depthMultiplier(1).nIn(x.channels()).nOut(x.channels()).hasBias(false).activation(Activation.IDENTITY)
        .build(), x.name());
    return spatial(weight, x, x.channels(), kernel, stride, padding, dilation);
  }

  /**
   * Depthwise k x k (stride, dilation) then pointwise 1x1 in one DL4J layer, no bias; the layer holds
   * the engine weights {@code <name>/dw} and {@code <name>/pw}. Used for dilated kernels: the oneDNN
   * build's depthwise convolution refuses dilation, DL4J's separable convolution runs its own kernel.
   */
  public Tensor separableConv(String name, Tensor x, long out, int kernel, int stride, int padding, int dilation) {
    graph.addLayer(name, new SeparableConvolution2D.Builder(kernel, kernel).stride(stride, stride)
        .padding(padding, padding).dilation(dilation, dilation).convolutionMode(ConvolutionMode.Truncate)
        .depthMultiplier(1).nIn(x.channels()).nOut(out).hasBias(false).activation(Activation.IDENTITY).build(),
        x.name());
    return spatial(name, x, out, kernel, stride, padding, dilation);
  }

  /** Batch norm; without {@code affine} its scale and shift stay 1 and 0 and are not parameters. */
  public Tensor batchNorm(String name, Tensor x, boolean affine) {
    graph.addLayer(name, new BatchNormalization.Builder().nIn(x.channels()).nOut(x.channels()).eps(1e-5).decay(0.9)
        .useLogStd(false).lockGammaBeta(!affine).build(), x.name());
    return rename(name, x);
  }

  /** ReLU of {@code x}, made once: every op that starts with ReLU on the same activation shares it. */
  public Tensor relu(Tensor x) {
    return relus.computeIfAbsent(x.name(), n -> {
      String name = n + "/relu";
      graph.addLayer(name, new ActivationLayer(Activation.RELU), n);
      return rename(name, x);
    });
  }

  /** Max pooling; padded cells never win. */
  public Tensor maxPool(String name, Tensor x, int kernel, int stride, int padding) {
    graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernel, kernel).stride(stride, stride)
        .padding(padding, padding).convolutionMode(ConvolutionMode.Truncate).build(), x.name());
    return spatial(name, x, x.channels(), kernel, stride, padding, 1);
  }

  /** Average pooling that divides by the real pixels only ({@code count_include_pad=False}). */
  public Tensor avgPool(String name, Tensor x, int kernel, int stride, int padding) {
    graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(kernel, kernel).stride(stride, stride)
        .padding(padding, padding).avgPoolIncludePadInDivisor(false).convolutionMode(ConvolutionMode.Truncate)
        .build(), x.name());
    return spatial(name, x, x.channels(), kernel, stride, padding, 1);
  }

  /** {@code x} moved up and left by one pixel, the last row and column zero: crop the first, pad the last. */
  public Tensor shift(String name, Tensor x) {
    graph.addLayer(name + "/crop", new Cropping2D(1, 0, 1, 0), x.name());
    graph.addLayer(name, new ZeroPaddingLayer(0, 1, 0, 1), name + "/crop");
    return rename(name, x);
  }

  /** Channel concatenation in order; all inputs share height and width. */
  public Tensor concat(String name, List<Tensor> xs) {
    long channels = 0;
    for (Tensor x : xs) {
      requireSameSize(name, xs.get(0), x);
      channels += x.channels();
    }
    graph.addVertex(name, new MergeVertex(), names(xs));
    return new Tensor(name, channels, xs.get(0).height(), xs.get(0).width());
  }

  /** Element-wise sum in order; one input is itself. */
  public Tensor sum(String name, List<Tensor> xs) {
    if (xs.size() == 1) {
      return xs.get(0);
    }
    for (Tensor x : xs) {
      requireSameSize(name, xs.get(0), x);
      if (x.channels() != xs.get(0).channels()) {
        throw new IllegalArgumentException(name + ": sum of " + x.channels() + " and " + xs.get(0).channels() + " channels");
      }
    }
    graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), names(xs));
    return rename(name, xs.get(0));
  }

  /** Zeros shaped like a stride-{@code stride} op's output on {@code like}: a node no op feeds. */
  public Tensor zeros(String name, Tensor like, int stride) {
    Tensor shaped = like;
    if (stride > 1) {
      shaped = maxPool(name + "/size", like, 1, stride, 0);
    }
    graph.addVertex(name, new ScaleVertex(0), shaped.name());
    return rename(name, shaped);
  }

  /** {@code x} with whole examples dropped in training (see {@link DropPath}); identity in inference. */
  public Tensor dropPath(String name, Tensor x, DropPath drop) {
    graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.IDENTITY).dropOut(drop).build(), x.name());
    return rename(name, x);
  }

  /** Global average pooling to {@code [N, C]}. */
  public Tensor globalAvgPool(String name, Tensor x) {
    graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x.name());
    return new Tensor(name, x.channels(), 1, 1);
  }

  /**
   * Linear layer to {@code classes} with softmax and cross-entropy scaled by {@code lossWeight} (a
   * per-class weight of DL4J's loss, equal for every class); the graph's outputs are its output layers.
   */
  public Tensor output(String name, Tensor features, int classes, double lossWeight) {
    LossMCXENT loss = lossWeight == 1 ? new LossMCXENT()
        : new LossMCXENT(Nd4j.valueArrayOf(new long[] {1, classes}, lossWeight).castTo(Nd4j.defaultFloatingPointType()));
    graph.addLayer(name, new OutputLayer.Builder(loss).nIn(features.channels()).nOut(classes)
        .activation(Activation.SOFTMAX).build(), features.name());
    return new Tensor(name, classes, 1, 1);
  }

  /** The configuration whose outputs are {@code outputs}, in order (the first is the prediction). */
  public ComputationGraphConfiguration build(Tensor... outputs) {
    List<String> names = new ArrayList<>();
    for (Tensor t : outputs) {
      names.add(t.name());
    }
    return graph.setOutputs(names.toArray(String[]::new)).build();
  }

  private static Tensor rename(String name, Tensor x) {
    return new Tensor(name, x.channels(), x.height(), x.width());
  }

  private static Tensor spatial(String name, Tensor x, long channels, int kernel, int stride, int padding,
      int dilation) {
    long k = (long) dilation * (kernel - 1) + 1;
    long h = (x.height() + 2L * padding - k) / stride + 1;
    long w = (x.width() + 2L * padding - k) / stride + 1;
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException(name + ": a " + kernel + "x" + kernel + " stride-" + stride + " layer on "
          + x.height() + "x" + x.width() + " leaves nothing");
    }
    return new Tensor(name, channels, h, w);
  }

  private static void requireSameSize(String name, Tensor a, Tensor b) {
    if (a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException(name + ": inputs of " + a.height() + "x" + a.width() + " and "
          + b.height() + "x" + b.width());
    }
  }

  private static String[] names(List<Tensor> xs) {
    return xs.stream().map(Tensor::name).toArray(String[]::new);
  }
}
