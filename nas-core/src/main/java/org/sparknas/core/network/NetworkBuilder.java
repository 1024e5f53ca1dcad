package org.sparknas.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Network}: each call adds one typed layer and returns the node it made, whose output
 * shape the builder works out, so spaces only say channels. Weights and running statistics are
 * declared as their layers are added. {@link Blocks} composes the DARTS and NAS-Bench-201 operations
 * from these layers.
 * <pre>{@code
 * NetworkBuilder b = new NetworkBuilder(new long[] {1, 28, 28});
 * Node x = b.batchNorm("stem/bn", b.conv("stem/w", b.input(), 16, 3, 1, 1), true);
 * Network net = b.build(b.linear("head/fc", b.globalAvgPool(b.relu(x)), 10));
 * }</pre>
 */
public final class NetworkBuilder {
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, ParamSpec> weights = new LinkedHashMap<>();
  private final Map<String, ParamSpec> statistics = new LinkedHashMap<>();
  private final Map<Integer, Node> relus = new HashMap<>();

  public NetworkBuilder(long[] inputShape) {
    nodes.add(new Node(0, new Layer.Input(), new int[0], inputShape));
  }

  public Node input() {
    return nodes.get(0);
  }

  /** Convolution without bias, weight {@code [k, k, in, out]} named {@code weight}. */
  public Node conv(String weight, Node x, long out, int kernel, int stride, int padding) {
    long in = x.channels();
    declare(ParamSpec.fanIn(weight, in * kernel * kernel, kernel, kernel, in, out));
    return add(new Layer.Conv(weight, kernel, stride, padding, in, out), spatial(x, out, kernel, stride, padding, 1), x);
  }

  /** Depthwise convolution, weight {@code [k, k, C, 1]} named {@code weight}. */
  public Node depthwiseConv(String weight, Node x, int kernel, int stride, int padding, int dilation) {
    long c = x.channels();
    declare(ParamSpec.fanIn(weight, (long) kernel * kernel, kernel, kernel, c, 1));
    return add(new Layer.DepthwiseConv(weight, kernel, stride, padding, dilation, c),
        spatial(x, c, kernel, stride, padding, dilation), x);
  }

  public Node batchNorm(String name, Node x, boolean affine) {
    Layer.BatchNorm bn = new Layer.BatchNorm(name, x.channels(), affine);
    if (affine) {
      declare(ParamSpec.constant(bn.gamma(), 1, x.channels()));
      declare(ParamSpec.constant(bn.beta(), 0, x.channels()));
    }
    statistics.put(bn.runningMean(), ParamSpec.constant(bn.runningMean(), 0, x.channels()));
    statistics.put(bn.runningVar(), ParamSpec.constant(bn.runningVar(), 1, x.channels()));
    return add(bn, x.shape(), x);
  }

  /**
   * ReLU of {@code x}, made once per node: every op of an edge (and every edge leaving a node) that
   * starts with ReLU reads the same activation.
   */
  public Node relu(Node x) {
    return relus.computeIfAbsent(x.id(), id -> add(new Layer.Relu(), x.shape(), x));
  }

  public Node maxPool(Node x, int kernel, int stride, int padding) {
    return add(new Layer.MaxPool(kernel, stride, padding), spatial(x, x.channels(), kernel, stride, padding, 1), x);
  }

  public Node avgPool(Node x, int kernel, int stride, int padding) {
    return add(new Layer.AvgPool(kernel, stride, padding), spatial(x, x.channels(), kernel, stride, padding, 1), x);
  }

  public Node shift(Node x) {
    return add(new Layer.Shift(), x.shape(), x);
  }

  /** Channel concatenation; all inputs must share height and width. */
  public Node concat(List<Node> xs) {
    long[] shape = xs.get(0).shape();
    long channels = 0;
    for (Node x : xs) {
      requireSpatial(xs.get(0), x, "concat");
      channels += x.channels();
    }
    shape[0] = channels;
    return add(new Layer.Concat(), shape, xs.toArray(Node[]::new));
  }

  /**
   * The sum of the present (non-null) inputs; one input is itself, none gives zeros shaped like a
   * stride-{@code stride} op on {@code like} would output.
   */
  public Node sum(List<Node> xs, Node like, int stride) {
    List<Node> present = xs.stream().filter(Objects::nonNull).toList();
    if (present.isEmpty()) {
      return zeros(like, stride);
    }
    if (present.size() == 1) {
      return present.get(0);
    }
    for (Node x : present) {
      if (!Arrays.equals(x.shape(), present.get(0).shape())) {
        throw new IllegalArgumentException("sum of differently shaped nodes " + Arrays.toString(x.shape())
            + " and " + Arrays.toString(present.get(0).shape()));
      }
    }
    return add(new Layer.Sum(), present.get(0).shape(), present.toArray(Node[]::new));
  }

  /** Zeros shaped like the output of a stride-{@code stride} op on {@code like}. */
  public Node zeros(Node like, int stride) {
    return add(new Layer.Zeros(), spatial(like, like.channels(), 1, stride, 0, 1), like);
  }

  /**
   * A mixed edge over the {@code allowed} op columns of row {@code edge} of {@code group}; {@code outputs}
   * maps each allowed op that produces something to its node ({@code none} maps to nothing). An edge
   * with one allowed op is that op itself (weight exactly 1); returns {@code null} when nothing is produced.
   */
  public Node mix(String group, int edge, int[] allowed, Map<Integer, Node> outputs) {
    List<Integer> ops = new ArrayList<>();
    List<Node> inputs = new ArrayList<>();
    for (int op : allowed) {
      Node out = outputs.get(op);
      if (out != null) {
        ops.add(op);
        inputs.add(out);
      }
    }
    if (inputs.isEmpty()) {
      return null;
    }
    if (allowed.length == 1) {
      return inputs.get(0);
    }
    return add(new Layer.Mix(group, edge, allowed.clone(), ops.stream().mapToInt(Integer::intValue).toArray()),
        inputs.get(0).shape(), inputs.toArray(Node[]::new));
  }

  public Node globalAvgPool(Node x) {
    return add(new Layer.GlobalAvgPool(), new long[] {x.channels()}, x);
  }

  /** {@code x W + b} with weight {@code <name>/w} {@code [in, out]} and bias {@code <name>/b}. */
  public Node linear(String name, Node x, long out) {
    long in = x.channels();
    String w = name + "/w";
    String b = name + "/b";
    declare(ParamSpec.fanIn(w, in, in, out));
    declare(ParamSpec.fanIn(b, in, out));
    return add(new Layer.Linear(w, b, in, out), new long[] {out}, x);
  }

  /**
   * Slimmable convolution {@code in -> out} (in = the input's channels) reading the leading slice of the
   * shared weight {@code [k, k, fullIn, fullOut]} named {@code weight}; the weight starts uniform in
   * {@code +-1/sqrt(k k fullIn)} (its full fan-in, as the widest network would initialise it).
   */
  public Node slicedConv(String weight, Node x, long out, long fullIn, long fullOut, int kernel, int stride,
      int padding) {
    long in = x.channels();
    if (in > fullIn || out > fullOut) {
      throw new IllegalArgumentException(weight + ": slice " + in + "->" + out + " of a " + fullIn + "->" + fullOut
          + " weight");
    }
    declare(ParamSpec.fanIn(weight, fullIn * kernel * kernel, kernel, kernel, fullIn, fullOut));
    return add(new Layer.SlicedConv(weight, kernel, stride, padding, in, out, fullIn, fullOut),
        spatial(x, out, kernel, stride, padding, 1), x);
  }

  /**
   * A per-channel bias named {@code bias}, starting uniform in {@code +-1/sqrt(fanIn)} (PyTorch's default
   * for the bias of a layer with that fan-in).
   */
  public Node bias(String bias, Node x, long fanIn) {
    declare(ParamSpec.fanIn(bias, fanIn, x.channels()));
    return add(new Layer.Bias(bias, x.channels()), x.shape(), x);
  }

  public Node silu(Node x) {
    return add(new Layer.Silu(), x.shape(), x);
  }

  public Node sigmoid(Node x) {
    return add(new Layer.Sigmoid(), x.shape(), x);
  }

  /** {@code x} ({@code [C, H, W]}) times the per-example gate {@code gate} ({@code [C]}). */
  public Node channelScale(Node x, Node gate) {
    if (x.shape().length != 3 || gate.shape().length != 1 || gate.channels() != x.channels()) {
      throw new IllegalArgumentException("a channel gate needs [C, H, W] and [C], got "
          + Arrays.toString(x.shape()) + " and " + Arrays.toString(gate.shape()));
    }
    return add(new Layer.ChannelScale(), x.shape(), x, gate);
  }

  /** Multi-head self-attention of stacked queries, keys and values {@code qkv} ({@code [3 heads d, H, W]}). */
  public Node selfAttention(Node qkv, int heads, int headDim) {
    long[] s = qkv.shape();
    if (s.length != 3 || s[0] != 3L * heads * headDim) {
      throw new IllegalArgumentException("self-attention with " + heads + " heads of " + headDim
          + " needs [" + 3L * heads * headDim + ", H, W] queries, keys and values, got " + Arrays.toString(s));
    }
    return add(new Layer.SelfAttention(heads, headDim), new long[] {(long) heads * headDim, s[1], s[2]}, qkv);
  }

  /**
   * The description whose output is {@code output} (a space's are its logits, {@code [N, classes]}); nodes
   * the output does not depend on are dropped.
   */
  public Network build(Node output) {
    return new Network(nodes, output.id(), weights, statistics);
  }

  private void declare(ParamSpec spec) {
    ParamSpec old = weights.putIfAbsent(spec.name(), spec);
    if (old != null && !Arrays.equals(old.shape(), spec.shape())) {
      throw new IllegalArgumentException("weight " + spec.name() + " declared with shapes "
          + Arrays.toString(old.shape()) + " and " + Arrays.toString(spec.shape()));
    }
  }

  private Node add(Layer layer, long[] shape, Node... inputs) {
    int[] ids = new int[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      ids[i] = inputs[i].id();
    }
    Node n = new Node(nodes.size(), layer, ids, shape);
    nodes.add(n);
    return n;
  }

  private static long[] spatial(Node x, long channels, int kernel, int stride, int padding, int dilation) {
    long[] s = x.shape();
    if (s.length != 3) {
      throw new IllegalArgumentException("a spatial layer needs a [C, H, W] input, got " + Arrays.toString(s));
    }
    long k = (long) dilation * (kernel - 1) + 1;
    long h = (s[1] + 2L * padding - k) / stride + 1;
    long w = (s[2] + 2L * padding - k) / stride + 1;
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("a " + kernel + "x" + kernel + " stride-" + stride + " layer on "
          + s[1] + "x" + s[2] + " leaves nothing");
    }
    return new long[] {channels, h, w};
  }

  private static void requireSpatial(Node a, Node b, String what) {
    long[] sa = a.shape();
    long[] sb = b.shape();
    if (sa[1] != sb[1] || sa[2] != sb[2]) {
      throw new IllegalArgumentException(what + " of " + sa[1] + "x" + sa[2] + " and " + sb[1] + "x" + sb[2]);
    }
  }
}
