package org.sparknas.core.network;

/**
 * One layer application in a network description: the layer, the ids of the nodes it reads, and the
 * per-example shape of its output ({@code [C, H, W]}, or {@code [F]} after global pooling).
 */
public record Node(int id, Layer layer, int[] inputs, long[] shape) {

  public Node {
    inputs = inputs.clone();
    shape = shape.clone();
  }

  @Override
  public int[] inputs() {
    return inputs.clone();
  }

  /** The input at position {@code i}. */
  public int input(int i) {
    return inputs[i];
  }

  public int inputCount() {
    return inputs.length;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Channels (or features) of the output. */
  public long channels() {
    return shape[0];
  }

  /** The output shape of a batch of {@code n} examples. */
  public long[] batchShape(long n) {
    long[] s = new long[shape.length + 1];
    s[0] = n;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }
}
