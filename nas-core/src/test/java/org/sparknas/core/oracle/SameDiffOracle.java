package org.sparknas.core.oracle;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.network.Layer;
import org.sparknas.core.network.Network;
import org.sparknas.core.network.Node;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GumbelSample;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The test oracle of the training engine: a network description built as a SameDiff graph from
 * primitive ops (batch norm from reductions, mixed edges as explicit weighted sums, softmax of the
 * masked alphas inside the graph) and differentiated by SameDiff. It runs in the parameters' data type,
 * so in double precision it is checked against finite differences itself. Mean cross-entropy loss.
 * <pre>{@code
 * SameDiffOracle.Result r = SameDiffOracle.run(net, params, BatchNormMode.TRAIN, null, x, y);
 * }</pre>
 */
public final class SameDiffOracle {
  private SameDiffOracle() {}

  /** Loss, logits and the gradient of every weight and alpha array the loss depends on, by name. */
  public record Result(double loss, INDArray logits, Map<String, INDArray> gradients) {}

  public static Result run(Network net, SupernetParameters p, BatchNormMode mode, GumbelSample sample, INDArray x,
      INDArray y) {
    return run(net, p, mode, sample, x, y, null);
  }

  /**
   * With {@code r} not {@code null}, the loss is {@code sum(tanh(out) * r)} over the network's output
   * (any shape) instead of the cross-entropy against {@code y}, which is then ignored.
   */
  public static Result run(Network net, SupernetParameters p, BatchNormMode mode, GumbelSample sample, INDArray x,
      INDArray y, INDArray r) {
    DataType type = x.dataType();
    SameDiff sd = SameDiff.create();
    Map<String, SDVariable[]> alphaWeights = new HashMap<>();
    List<Node> nodes = net.nodes();
    SDVariable[] v = new SDVariable[nodes.size()];
    v[0] = sd.placeHolder("input", type, x.shape());
    for (int i = 1; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      SDVariable[] in = new SDVariable[n.inputCount()];
      for (int k = 0; k < in.length; k++) {
        in[k] = v[n.input(k)];
      }
      v[i] = layer(sd, net, p, mode, sample, alphaWeights, n.layer(), in, n);
    }
    SDVariable logits = v[nodes.size() - 1];
    SDVariable loss;
    Map<String, INDArray> feed = new HashMap<>();
    feed.put("input", x);
    if (r == null) {
      SDVariable labels = sd.placeHolder("labels", type, y.shape());
      loss = sd.loss().softmaxCrossEntropy("loss", labels, logits, null);
      feed.put("labels", y);
    } else {
      loss = sd.math().tanh(logits).mul(sd.constant(r.castTo(type))).sum().rename("loss");
    }
    sd.setLossVariables(loss);
    List<String> wrt = new ArrayList<>(net.weights().keySet());
    for (String g : net.alphaGroups()) {
      wrt.add("alpha_" + g);
    }
    OutAndGrad og;
    synchronized (SameDiffOracle.class) {
      PrintStream out = System.out; // ND4J prints a line per differentiated op
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        og = sd.calculateGradientsAndOutputs(feed, List.of("loss", logits.name()), wrt);
      } finally {
        System.setOut(out);
      }
    }
    Map<String, INDArray> grads = new LinkedHashMap<>();
    for (String n : wrt) {
      INDArray g = og.getGradients().get(n);
      if (g != null) {
        grads.put(n, g.dup());
      }
    }
    return new Result(og.getOutputs().get("loss").getDouble(0), og.getOutputs().get(logits.name()).dup(), grads);
  }

  private static SDVariable layer(SameDiff sd, Network net, SupernetParameters p, BatchNormMode mode, GumbelSample sample,
      Map<String, SDVariable[]> alphaWeights, Layer layer, SDVariable[] in, Node node) {
    SDVariable x = in.length > 0 ? in[0] : null;
    if (layer instanceof Layer.Conv l) {
      return sd.cnn().conv2d(x, weight(sd, p, l.weight()), conv(l.kernel(), l.stride(), l.padding()));
    } else if (layer instanceof Layer.DepthwiseConv l) {
      SDVariable w = weight(sd, p, l.weight());
      if (l.dilation() > 1) {
        w = zeroInsert(sd, w, l.kernel(), l.dilation(), l.channels());
      }
      return sd.cnn().depthWiseConv2d(x, w, conv(l.denseKernel(), l.stride(), l.padding()));
    } else if (layer instanceof Layer.BatchNorm l) {
      return batchNorm(sd, p, mode, l, x, node.shape().length == 1);
    } else if (layer instanceof Layer.Relu) {
      return sd.nn().relu(x, 0);
    } else if (layer instanceof Layer.MaxPool l) {
      return sd.cnn().maxPooling2d(x, pool(l.kernel(), l.stride(), l.padding()));
    } else if (layer instanceof Layer.AvgPool l) {
      return sd.cnn().avgPooling2d(x, pool(l.kernel(), l.stride(), l.padding()));
    } else if (layer instanceof Layer.Shift) {
      SDVariable padded = sd.nn().pad(x, sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 1}})), 0.0);
      return sd.slice(padded, new int[] {0, 0, 1, 1}, -1, -1, -1, -1);
    } else if (layer instanceof Layer.Concat) {
      return sd.concat(1, in);
    } else if (layer instanceof Layer.Sum) {
      SDVariable s = in[0];
      for (int i = 1; i < in.length; i++) {
        s = s.add(in[i]);
      }
      return s;
    } else if (layer instanceof Layer.Zeros) {
      long inH = net.node(node.input(0)).shape()[1];
      long h = node.shape()[1];
      SDVariable shaped = inH == h ? x : sd.cnn().maxPooling2d(x, pool(1, (int) ((inH + h - 1) / h), 0));
      return sd.zerosLike(shaped);
    } else if (layer instanceof Layer.Mix l) {
      SDVariable[] w = alphaWeights.computeIfAbsent(l.group() + "/" + l.edge(), k -> edgeWeights(sd, p, sample, l));
      SDVariable s = null;
      for (int i = 0; i < in.length; i++) {
        SDVariable term = in[i].mul(w[l.ops()[i]]);
        s = s == null ? term : s.add(term);
      }
      return s;
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return x.mean(2, 3);
    } else if (layer instanceof Layer.Linear l) {
      return x.mmul(weight(sd, p, l.weight())).add(weight(sd, p, l.bias()));
    } else if (layer instanceof Layer.SlicedConv l) {
      SDVariable w = sd.slice(weight(sd, p, l.weight()), new int[] {0, 0, 0, 0}, l.kernel(), l.kernel(),
          (int) l.in(), (int) l.out());
      return sd.cnn().conv2d(x, w, conv(l.kernel(), l.stride(), l.padding()));
    } else if (layer instanceof Layer.Bias l) {
      SDVariable b = weight(sd, p, l.bias());
      return node.shape().length == 1 ? x.add(b) : x.add(b.reshape(1, l.channels(), 1, 1));
    } else if (layer instanceof Layer.Silu) {
      return x.mul(sd.nn().sigmoid(x));
    } else if (layer instanceof Layer.Sigmoid) {
      return sd.nn().sigmoid(x);
    } else if (layer instanceof Layer.ChannelScale) {
      return x.mul(in[1].reshape(-1, node.channels(), 1, 1));
    } else if (layer instanceof Layer.SelfAttention l) {
      long[] s = node.shape();
      long tokens = s[1] * s[2];
      long width = (long) l.heads() * l.headDim();
      SDVariable parts = x.reshape(-1, 3, width, tokens);
      SDVariable[] qkv = new SDVariable[3];
      for (int i = 0; i < 3; i++) {
        qkv[i] = sd.squeeze(sd.stridedSlice(parts, new long[] {0, i, 0, 0}, new long[] {0, i + 1, width, tokens},
            new long[] {1, 1, 1, 1}, 1, 1, 0, 0, 0), 1).reshape(-1, l.headDim(), tokens);
      }
      SDVariable logits = sd.mmul(qkv[0], qkv[1], true, false, false).mul(1 / Math.sqrt(l.headDim()));
      SDVariable a = sd.nn().softmax(logits, 2);
      return sd.mmul(qkv[2], a, false, true, false).reshape(-1, width, s[1], s[2]);
    }
    throw new IllegalArgumentException("no oracle for " + layer);
  }

  /** The softmax (or Gumbel-softmax) weights of one edge row over its allowed ops: one scalar per op. */
  private static SDVariable[] edgeWeights(SameDiff sd, SupernetParameters p, GumbelSample sample, Layer.Mix l) {
    String name = "alpha_" + l.group();
    SDVariable alpha = sd.hasVariable(name) ? sd.getVariable(name) : sd.var(name, p.alphas().get(name));
    int edges = (int) p.alphas().get(name).size(0);
    SDVariable row = sd.unstack(alpha, 0, edges)[l.edge()];
    int ops = (int) p.alphas().get(name).size(1);
    double[] mask = new double[ops];
    java.util.Arrays.fill(mask, -1e9);
    for (int o : l.allowed()) {
      mask[o] = 0;
    }
    if (sample != null) {
      double[] g = sample.noise().get(l.group())[l.edge()];
      for (int o = 0; o < ops; o++) {
        mask[o] += g[o];
      }
    }
    SDVariable z = row.add(sd.constant(Nd4j.create(mask).castTo(alpha.dataType())));
    if (sample != null) {
      z = z.div(sample.temperature());
    }
    return sd.unstack(sd.nn().softmax(z.reshape(1, ops), 1).reshape(ops), 0, ops);
  }

  private static SDVariable batchNorm(SameDiff sd, SupernetParameters p, BatchNormMode mode, Layer.BatchNorm l,
      SDVariable x, boolean flat) {
    long c = l.channels();
    long[] perChannel = flat ? new long[] {1, c} : new long[] {1, c, 1, 1};
    int[] over = flat ? new int[] {0} : new int[] {0, 2, 3};
    SDVariable centred;
    SDVariable var;
    if (mode == BatchNormMode.RUNNING) {
      centred = x.sub(sd.constant(p.bnStats().get(l.runningMean())).reshape(perChannel));
      var = sd.constant(p.bnStats().get(l.runningVar())).reshape(perChannel);
    } else {
      centred = x.sub(x.mean(true, over));
      var = sd.math().square(centred).mean(true, over);
    }
    SDVariable y = centred.mul(sd.math().rsqrt(var.add(Layer.BatchNorm.EPS)));
    if (l.affine()) {
      y = y.mul(weight(sd, p, l.gamma()).reshape(perChannel)).add(weight(sd, p, l.beta()).reshape(perChannel));
    }
    return y;
  }

  private static SDVariable weight(SameDiff sd, SupernetParameters p, String name) {
    return sd.hasVariable(name) ? sd.getVariable(name) : sd.var(name, p.weights().get(name));
  }

  private static SDVariable zeroInsert(SameDiff sd, SDVariable kernel, int k, int d, long channels) {
    int kd = d * (k - 1) + 1;
    INDArray scatter = Nd4j.zeros(kernel.dataType(), (long) kd * kd, (long) k * k);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        scatter.putScalar(new long[] {(long) (i * d) * kd + (long) j * d, (long) i * k + j}, 1f);
      }
    }
    return sd.constant(scatter).mmul(kernel.reshape((long) k * k, channels)).reshape(kd, kd, channels, 1);
  }

  private static Conv2DConfig conv(int k, int stride, int pad) {
    return Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
  }

  private static Pooling2DConfig pool(int k, int stride, int pad) {
    return Pooling2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).paddingMode(PaddingMode.VALID)
        .extra(0).divisor(Pooling2D.Divisor.EXCLUDE_PADDING).isNHWC(false).build();
  }
}
