package org.sparknas.core.network;

import java.util.List;

/**
 * The typed operations a network description is made of (NCHW activations, float32). Every weight is
 * declared by name, so networks built for different encodings share a weight by its name. A layer says
 * what is computed, never how: the training engine ({@code nn}) and the test oracle each have their own
 * implementation of every layer.
 */
public sealed interface Layer {

  /** Names of the weights this layer reads. */
  default List<String> weights() {
    return List.of();
  }

  /** Names of the running statistics this layer keeps. */
  default List<String> statistics() {
    return List.of();
  }

  /** The network input, {@code [N, channels, height, width]}. */
  record Input() implements Layer {}

  /** Convolution {@code k x k}, stride, padding, no bias; weight {@code [k, k, in, out]}. */
  record Conv(String weight, int kernel, int stride, int padding, long in, long out) implements Layer {
    @Override
    public List<String> weights() {
      return List.of(weight);
    }
  }

  /**
   * Depthwise convolution {@code k x k} with dilation, one filter per channel; weight {@code [k, k, C, 1]}.
   * A dilated kernel is the zero-inserted dense kernel of size {@code d(k-1)+1}.
   */
  record DepthwiseConv(String weight, int kernel, int stride, int padding, int dilation, long channels)
      implements Layer {
    @Override
    public List<String> weights() {
      return List.of(weight);
    }

    /** Side of the dense (zero-inserted) kernel. */
    public int denseKernel() {
      return dilation * (kernel - 1) + 1;
    }
  }

  /**
   * Batch normalisation over (N, H, W) per channel (over N per feature for a {@code [N, F]} input: a 1-d
   * batch norm), eps 1e-5, running statistics {@code <name>/running_mean}
   * and {@code <name>/running_var}; an affine layer learns {@code <name>/gamma} and {@code <name>/beta}.
   */
  record BatchNorm(String name, long channels, boolean affine) implements Layer {
    public static final double EPS = 1e-5;

    @Override
    public List<String> weights() {
      return affine ? List.of(gamma(), beta()) : List.of();
    }

    @Override
    public List<String> statistics() {
      return List.of(runningMean(), runningVar());
    }

    public String gamma() {
      return name + "/gamma";
    }

    public String beta() {
      return name + "/beta";
    }

    public String runningMean() {
      return name + "/running_mean";
    }

    public String runningVar() {
      return name + "/running_var";
    }
  }

  /** ReLU. */
  record Relu() implements Layer {}

  /** Max pooling; padded cells never win. */
  record MaxPool(int kernel, int stride, int padding) implements Layer {}

  /** Average pooling that divides by the real pixels only ({@code count_include_pad=False}). */
  record AvgPool(int kernel, int stride, int padding) implements Layer {}

  /**
   * The input moved up and left by one pixel, the last row and column zero: the second branch of
   * FactorizedReduce reads the pixels a stride-2 1x1 convolution of the first branch skips.
   */
  record Shift() implements Layer {}

  /** Channel concatenation of the inputs, in order. */
  record Concat() implements Layer {}

  /** Element-wise sum of the inputs (a node of a cell, a residual). */
  record Sum() implements Layer {}

  /** Zeros of the node's shape: a node no allowed op feeds. Its input only gives the batch size. */
  record Zeros() implements Layer {}

  /**
   * A mixed edge: {@code sum_o w_o * input_o}, with {@code w} the edge weights of row {@code edge} of
   * alpha group {@code group} over the {@code allowed} op columns (softmax or Gumbel-softmax, by the
   * engine's edge weighting). {@code ops[i]} is the op column of input {@code i}; allowed ops that
   * produce nothing ({@code none}) take part in the weights but have no input.
   */
  record Mix(String group, int edge, int[] allowed, int[] ops) implements Layer {}

  /** Global average pooling, {@code [N, C, H, W] -> [N, C]}. */
  record GlobalAvgPool() implements Layer {}

  /** {@code x W + b}; weight {@code [in, out]}, bias {@code [out]}. */
  record Linear(String weight, String bias, long in, long out) implements Layer {
    @Override
    public List<String> weights() {
      return List.of(weight, bias);
    }
  }

  /**
   * Slimmable convolution: a convolution with {@code in -> out} channels reading the leading
   * {@code [k, k, in, out]} slice of a wider shared weight {@code [k, k, fullIn, fullOut]} (NATS-size's
   * width search: every candidate width slices one weight of the widest width); no bias.
   */
  record SlicedConv(String weight, int kernel, int stride, int padding, long in, long out, long fullIn, long fullOut)
      implements Layer {
    @Override
    public List<String> weights() {
      return List.of(weight);
    }
  }

  /** A learnt per-channel (or per-feature) bias {@code [C]} added to the input (a convolution's bias). */
  record Bias(String bias, long channels) implements Layer {
    @Override
    public List<String> weights() {
      return List.of(bias);
    }
  }

  /** SiLU (swish), {@code x sigmoid(x)}. */
  record Silu() implements Layer {}

  /** The logistic sigmoid. */
  record Sigmoid() implements Layer {}

  /**
   * A per-example channel gate: input 0 {@code [N, C, H, W]} times input 1 {@code [N, C]}, broadcast over
   * the pixels (the excitation of squeeze-and-excitation).
   */
  record ChannelScale() implements Layer {}

  /**
   * Global multi-head self-attention over the pixels (BoTNet's MHSA without relative position
   * embedding). The input {@code [N, 3 heads d, H, W]} holds the queries, keys and values on channels
   * {@code [0, hd)}, {@code [hd, 2hd)}, {@code [2hd, 3hd)}, head by head; per head, with the H W pixels as
   * tokens, {@code out = V softmax_keys(Q^T K / sqrt(d))^T}; output {@code [N, heads d, H, W]}.
   */
  record SelfAttention(int heads, int headDim) implements Layer {}
}
