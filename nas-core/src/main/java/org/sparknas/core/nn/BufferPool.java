package org.sparknas.core.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float arrays reused from pass to pass: a pass asks for arrays by shape and gives them back when dead,
 * so after the first pass of a shape the engine allocates no native memory at all and resident memory
 * stays flat (closing arrays alone did not stop it growing: specs/native-engine.md). Arrays are
 * reference-counted, because one gradient may serve several inputs (a sum passes its gradient on
 * unchanged); the holder of a shared array must copy before changing it ({@link #isShared}).
 * Not thread-safe: one pool per network per thread.
 */
public final class BufferPool {
  private final DataType dataType;
  private final Map<ShapeKey, ArrayDeque<INDArray>> free = new HashMap<>();
  private final IdentityHashMap<INDArray, int[]> references = new IdentityHashMap<>();
  private long allocations;
  private long allocatedBytes;

  private record ShapeKey(long[] shape) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ShapeKey k && Arrays.equals(shape, k.shape);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(shape);
    }
  }

  /** A pool of float arrays, the engine's precision. */
  public BufferPool() {
    this(DataType.FLOAT);
  }

  /** A pool of arrays of {@code dataType} (double: the engine's own gradient checks). */
  public BufferPool(DataType dataType) {
    this.dataType = dataType;
  }

  public DataType dataType() {
    return dataType;
  }

  /** An array of {@code shape} with undefined contents, held once by the caller. */
  public INDArray acquire(long... shape) {
    ArrayDeque<INDArray> q = free.get(new ShapeKey(shape));
    INDArray a = q == null ? null : q.poll();
    if (a == null) {
      a = Nd4j.createUninitialized(dataType, shape);
      allocations++;
      allocatedBytes += a.length() * dataType.width();
    }
    references.put(a, new int[] {1});
    return a;
  }

  /** {@link #acquire} filled with zeros. */
  public INDArray zeros(long... shape) {
    return acquire(shape).assign(0);
  }

  /** One more holder of a pool array; arrays not from this pool (parameters, inputs) are left alone. */
  public INDArray retain(INDArray a) {
    int[] n = references.get(a);
    if (n != null) {
      n[0]++;
    }
    return a;
  }

  /** A holder is done with the array; the last one returns it to the pool. */
  public void release(INDArray a) {
    int[] n = a == null ? null : references.get(a);
    if (n == null) {
      return;
    }
    if (--n[0] == 0) {
      references.remove(a);
      free.computeIfAbsent(new ShapeKey(a.shape()), k -> new ArrayDeque<>()).push(a);
    }
  }

  /** Whether more than one holder shares the array (so it must not be changed in place). */
  public boolean isShared(INDArray a) {
    int[] n = references.get(a);
    return n != null && n[0] > 1;
  }

  /** Whether {@code a} came from this pool and is still held. */
  public boolean holds(INDArray a) {
    return references.containsKey(a);
  }

  /** Arrays created so far (not reused): after warm-up this stops growing. */
  public long allocations() {
    return allocations;
  }

  public long allocatedBytes() {
    return allocatedBytes;
  }

  /** Arrays currently held by someone (a finished pass holds none). */
  public int inUse() {
    return references.size();
  }

  /** Drops every free array (their memory goes back when ND4J collects them). */
  public void clear() {
    List<INDArray> all = new ArrayList<>();
    free.values().forEach(all::addAll);
    free.clear();
    for (INDArray a : all) {
      allocatedBytes -= a.length() * dataType.width();
      a.close();
    }
  }
}
