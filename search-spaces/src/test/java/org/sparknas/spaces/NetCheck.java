package org.sparknas.spaces;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EngineRun;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * Test helpers for whole networks of a space: the engine's network {@code x -> logits ->
 * sum(tanh(logits) * R)} in double precision, and labels. Finite differences and the re-run judge of
 * specs/cpu-performance.md are nas-core's {@link GradCheck} (its test jar).
 */
public final class NetCheck {
  private NetCheck() {}

  /**
   * {@code space}'s network for {@code enc} on the engine in double precision (BATCH mode): its float
   * parameters are created in {@code p} and then cast to double there.
   */
  public static EngineRun doubleNetwork(SearchSpace space, SupernetParameters p, Encoding enc, int batch) {
    return new EngineRun(space.network(enc), p, BatchNormMode.BATCH, batch, DataType.DOUBLE);
  }

  /** The input shape of a batch of {@code n} for a space. */
  public static long[] batchShape(SearchSpace space, int n) {
    long[] s = space.inputShape();
    return new long[] {n, s[0], s[1], s[2]};
  }

  /** One-hot labels [n, classes] cycling through the classes. */
  public static INDArray labels(int n, int classes, int offset) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, (i + offset) % classes, 1);
    }
    return y;
  }
}
