package org.sparknas.core.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.backend.Nd4jBackends;

/**
 * When the engine may run a layer as plain Java loops over ND4J's host memory ({@link HostBatchNorm},
 * {@link HostAvgPool}) instead of libnd4j: on the CPU backend, for float arrays that are dense and
 * row-major from their buffer's start. Everything else (views, doubles, device memory) keeps the
 * native ops.
 */
final class HostArrays {
  private static final boolean HOST_MEMORY = !Nd4jBackends.facts().isCuda();

  private HostArrays() {}

  static boolean applies(INDArray... arrays) {
    if (!HOST_MEMORY) {
      return false;
    }
    for (INDArray a : arrays) {
      if (a.dataType() != DataType.FLOAT || a.isView() || a.offset() != 0
          || !Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'))) {
        return false;
      }
    }
    return true;
  }

  /** The array's elements in place, as a buffer over its host memory (no copy). */
  static FloatBuffer floats(INDArray a) {
    return a.data().asNioFloat();
  }
}
