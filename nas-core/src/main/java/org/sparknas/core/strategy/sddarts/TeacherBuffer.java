package org.sparknas.core.strategy.sddarts;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.List;

import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The voting teachers: a FIFO of the last {@code capacity} snapshots of the student supernet (weights
 * and alphas, deep copies, so later training never changes them). Batch-norm running statistics are
 * not kept: teachers normalise with batch statistics. Serialisable, so a checkpoint carries it and a
 * resumed search votes with the same teachers.
 */
public final class TeacherBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int capacity;
  private final ArrayDeque<SupernetParameters> snapshots = new ArrayDeque<>();

  public TeacherBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a teacher buffer holds at least one snapshot, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a snapshot of {@code student}, dropping the oldest beyond the capacity. */
  public void push(SupernetParameters student) {
    snapshots.addLast(new SupernetParameters(student.weights().copy(), student.alphas().copy(), new ParameterSet(),
        student.seed()));
    if (snapshots.size() > capacity) {
      snapshots.removeFirst();
    }
  }

  /** The snapshots, oldest first. */
  public List<SupernetParameters> snapshots() {
    return List.copyOf(snapshots);
  }

  public boolean isEmpty() {
    return snapshots.isEmpty();
  }

  public int size() {
    return snapshots.size();
  }
}
