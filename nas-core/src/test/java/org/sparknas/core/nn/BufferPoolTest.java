package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.TinySpace;

/** The engine's memory: arrays are reused pass after pass, shared ones are counted, nothing leaks. */
class BufferPoolTest {

  @Test
  @DisplayName("an array given back is handed out again for the same shape; a shared one only after its last holder")
  void reuseAndSharing() {
    BufferPool pool = new BufferPool();
    INDArray a = pool.acquire(2, 3);
    pool.retain(a);
    assertTrue(pool.isShared(a));
    pool.release(a);
    assertFalse(pool.isShared(a));
    assertNotSame(a, pool.acquire(2, 3), "still held once: not free");
    pool.release(a);
    assertSame(a, pool.acquire(2, 3), "free again: reused");
    assertNotSame(a, pool.acquire(3, 2), "another shape gets another array");
    assertEquals(3, pool.allocations());
  }

  @Test
  @DisplayName("after warm-up, training passes of a supernet allocate no new arrays and hold none between passes")
  void flatAfterWarmUp() {
    Supernet net = Supernet.create(new TinySpace(), 3);
    Encoding all = Encoding.full(new TinySpace());
    SupernetGraph train = net.graph(all, BatchNormMode.TRAIN);
    SupernetGraph eval = net.graph(all, BatchNormMode.RUNNING);
    List<String> wrt = new ArrayList<>(train.weightNames());
    wrt.addAll(train.alphaNames());
    INDArray y = TinySpace.oneHot(0, 1, 2, 1);
    for (int i = 0; i < 2; i++) {
      train.forwardBackward(GradCheck.uniform(DataType.FLOAT, i, 4, 2, 4, 4), y, wrt);
      train.forwardBackward(GradCheck.uniform(DataType.FLOAT, 20 + i, 4, 2, 4, 4), y, train.alphaNames());
      eval.logits(GradCheck.uniform(DataType.FLOAT, 10 + i, 4, 2, 4, 4));
    }
    long warm = train.engineAllocations();
    assertTrue(warm > 0);
    for (int i = 2; i < 12; i++) {
      train.forwardBackward(GradCheck.uniform(DataType.FLOAT, i, 4, 2, 4, 4), y, wrt);
      train.forwardBackward(GradCheck.uniform(DataType.FLOAT, 20 + i, 4, 2, 4, 4), y, train.alphaNames());
      eval.logits(GradCheck.uniform(DataType.FLOAT, 10 + i, 4, 2, 4, 4));
    }
    assertEquals(warm, train.engineAllocations(), "arrays created after warm-up");
    assertEquals(warm, eval.engineAllocations(), "the networks of a supernet share one pool");
  }
}
