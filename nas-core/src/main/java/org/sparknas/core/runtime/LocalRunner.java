package org.sparknas.core.runtime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Runs work items one after another in the calling thread (compiled networks are not thread-safe). */
public final class LocalRunner implements ParallelRunner {

  @Override
  public <S extends Serializable, I extends Serializable, R extends Serializable> List<R> map(
      String description, S shared, List<I> items, WorkFunction<S, I, R> fn) {
    List<R> out = new ArrayList<>(items.size());
    for (I item : items) {
      try {
        out.add(fn.apply(shared, item));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(description + ": work item failed: " + e.getMessage(), e);
      }
    }
    return out;
  }

  @Override
  public int parallelism() {
    return 1;
  }

  @Override
  public String describe() {
    return "local (sequential)";
  }
}
