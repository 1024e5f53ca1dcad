package org.sparknas.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.network.Layer;

/**
 * {@link Layer.SelfAttention} by batched matrix products over the {@code B = N heads} (query, key,
 * value) triples, each {@code [d, T]} with T = H W tokens:
 * <pre>
 * S = Q^T K / sqrt(d)   A = softmax over the keys of S   O = V A^T                     (forward)
 * dV = dO A   dA = dO^T V   dS = A * (dA - rowsum(dA * A))   dQ = K dS^T / sqrt(d)   dK = Q dS / sqrt(d)
 * </pre>
 * Q, K, V and the attention matrix A are kept from the forward, so the backward does not read the input.
 */
final class SelfAttentionModule implements Module {
  private final Layer.SelfAttention layer;
  private final double scale;
  // per pass
  private INDArray q;
  private INDArray k;
  private INDArray v;
  private INDArray attention;
  private long[] inShape;

  SelfAttentionModule(Layer.SelfAttention layer) {
    this.layer = layer;
    this.scale = 1 / Math.sqrt(layer.headDim());
  }

  @Override
  public INDArray forward(PassContext c, INDArray[] in) {
    INDArray x = in[0];
    inShape = x.shape();
    long n = x.size(0);
    long tokens = x.size(2) * x.size(3);
    long b = n * layer.heads();
    int d = layer.headDim();
    q = part(c, x, 0, b, tokens);
    k = part(c, x, 1, b, tokens);
    v = part(c, x, 2, b, tokens);
    INDArray logits = c.pool().acquire(b, tokens, tokens);
    matmul(q, k, logits, true, false, scale);
    attention = c.pool().acquire(b, tokens, tokens);
    Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addOutputs(attention).addIntegerArguments(2)
        .build());
    c.pool().release(logits);
    INDArray out = c.pool().acquire(n, (long) layer.heads() * d, x.size(2), x.size(3));
    matmul(v, attention, out.reshape(b, d, tokens), false, true, 1);
    return out;
  }

  @Override
  public INDArray[] backward(PassContext c, INDArray[] in, INDArray out, INDArray dOut) {
    long n = inShape[0];
    long tokens = inShape[2] * inShape[3];
    long b = n * layer.heads();
    int d = layer.headDim();
    INDArray dO = dOut.reshape(b, d, tokens);
    INDArray dx = c.pool().acquire(inShape);
    INDArray parts = dx.reshape(n, 3, (long) layer.heads() * d, tokens);
    INDArray dA = c.pool().acquire(b, tokens, tokens);
    matmul(dO, v, dA, true, false, 1);
    INDArray dv = c.pool().acquire(b, d, tokens);
    matmul(dO, attention, dv, false, false, 1);
    put(parts, 2, dv, n);
    // dS = A * (dA - rowsum(dA * A)), in place in dA
    INDArray weighted = c.pool().acquire(b, tokens, tokens).assign(dA).muli(attention);
    INDArray rows = c.pool().acquire(b, tokens);
    NativeOps.sum(weighted, rows, 2);
    c.pool().release(weighted);
    Nd4j.exec(new BroadcastSubOp(dA, rows, dA, 0, 1));
    c.pool().release(rows);
    dA.muli(attention);
    matmul(k, dA, dv, false, true, scale);
    put(parts, 0, dv, n);
    matmul(q, dA, dv, false, false, scale);
    put(parts, 1, dv, n);
    c.pool().release(dv);
    c.pool().release(dA);
    return new INDArray[] {dx};
  }

  /** Part {@code which} (0 queries, 1 keys, 2 values) of the input as a contiguous {@code [B, d, T]} array. */
  private INDArray part(PassContext c, INDArray x, int which, long b, long tokens) {
    long n = x.size(0);
    long width = (long) layer.heads() * layer.headDim();
    INDArray view = x.reshape(n, 3, width, tokens).get(NDArrayIndex.all(), NDArrayIndex.point(which),
        NDArrayIndex.all(), NDArrayIndex.all());
    INDArray a = c.pool().acquire(b, layer.headDim(), tokens);
    a.reshape(n, width, tokens).assign(view);
    return a;
  }

  private void put(INDArray parts, int which, INDArray grad, long n) {
    parts.get(NDArrayIndex.all(), NDArrayIndex.point(which), NDArrayIndex.all(), NDArrayIndex.all())
        .assign(grad.reshape(n, parts.size(2), parts.size(3)));
  }

  /** {@code z = alpha op(x) op(y)} per batch entry, into the preallocated {@code z}. */
  private static void matmul(INDArray x, INDArray y, INDArray z, boolean transX, boolean transY, double alpha) {
    Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(x, y).addOutputs(z)
        .addIntegerArguments(transX ? 1 : 0, transY ? 1 : 0).addFloatingPointArguments(alpha, 0.0).build());
  }

  @Override
  public boolean backwardReads(int k) {
    return false;
  }

  @Override
  public void endPass(PassContext c) {
    c.pool().release(q);
    c.pool().release(k);
    c.pool().release(v);
    c.pool().release(attention);
    q = null;
    k = null;
    v = null;
    attention = null;
  }
}
