package org.sparknas.core.strategy.sddarts;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The voting teachers: snapshots of the student supernet (weights and alphas, deep copies, so later
 * training never changes them), each stamped with the number of weight updates the student had when it
 * was taken. The teachers of a pass are the newest {@code capacity} snapshots that are at least
 * {@code lag} updates behind the student, so no teacher ever holds the student's current weights (a
 * teacher equal to the student adds nothing: the KL gradient is {@code (q - p) / tau}). Batch-norm
 * running statistics are not kept: teachers normalise with batch statistics. Serialisable, so a
 * checkpoint carries it and a resumed search votes with the same teachers.
 */
public final class TeacherBuffer implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int capacity;
  private final int lag;
  private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();
  /**
   * Dropped snapshots' arrays, refilled by the next push: a copy per step would leave one supernet of
   * native garbage per step, which outlives young collections and piled up to the memory cap in a
   * comparison of two searches at a time.
   */
  private transient ArrayDeque<SupernetParameters> spare;

  private record Snapshot(long updates, SupernetParameters parameters) implements Serializable {}

  /**
   * @param capacity K, the teachers that vote
   * @param lag the fewest weight updates a teacher is behind the student (at least 1)
   */
  public TeacherBuffer(int capacity, int lag) {
    if (capacity < 1 || lag < 1) {
      throw new IllegalArgumentException("a teacher buffer needs capacity >= 1 and lag >= 1, got " + capacity
          + " and " + lag);
    }
    this.capacity = capacity;
    this.lag = lag;
  }

  /** Keeps a snapshot of {@code student}, which has had {@code updates} weight updates so far. */
  public void push(SupernetParameters student, long updates) {
    SupernetParameters copy = spare().poll();
    if (copy == null) {
      copy = new SupernetParameters(student.weights().copy(), student.alphas().copy(), new ParameterSet(),
          student.seed());
    } else {
      copy.weights().assign(student.weights());
      copy.alphas().assign(student.alphas());
    }
    snapshots.addLast(new Snapshot(updates, copy));
  }

  private ArrayDeque<SupernetParameters> spare() {
    if (spare == null) {
      spare = new ArrayDeque<>();
    }
    return spare;
  }

  /**
   * The teachers of a student that has had {@code updates} weight updates, oldest first; snapshots
   * older than the K eligible ones are dropped for good.
   */
  public List<SupernetParameters> teachers(long updates) {
    List<Snapshot> eligible = new ArrayList<>();
    for (Snapshot s : snapshots) {
      if (updates - s.updates() >= lag) {
        eligible.add(s);
      }
    }
    for (int i = 0; i < eligible.size() - capacity; i++) {
      snapshots.remove(eligible.get(i));
      spare().add(eligible.get(i).parameters());
    }
    List<SupernetParameters> out = new ArrayList<>();
    for (Snapshot s : eligible.subList(Math.max(0, eligible.size() - capacity), eligible.size())) {
      out.add(s.parameters());
    }
    return out;
  }

  /** Snapshots held, eligible or not yet. */
  public int size() {
    return snapshots.size();
  }
}
