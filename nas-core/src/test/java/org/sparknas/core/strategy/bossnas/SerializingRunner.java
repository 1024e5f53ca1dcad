package org.sparknas.core.strategy.bossnas;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.WorkFunction;

/**
 * A sequential runner that sends the function, the shared state, every item and every result through
 * Java serialisation, as a Spark task's closure, broadcast and result are: work that runs here can be
 * shipped.
 */
final class SerializingRunner implements ParallelRunner {

  @Override
  public <S extends Serializable, I extends Serializable, R extends Serializable> List<R> map(String description,
      S shared, List<I> items, WorkFunction<S, I, R> fn) {
    List<R> out = new ArrayList<>();
    WorkFunction<S, I, R> shippedFn = roundTrip(fn);
    S shippedShared = roundTrip(shared);
    for (I item : items) {
      try {
        out.add(roundTrip(shippedFn.apply(shippedShared, roundTrip(item))));
      } catch (Exception e) {
        throw new IllegalStateException(description + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (T) in.readObject();
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("not serialisable: " + value.getClass().getName() + ": " + e, e);
    }
  }

  @Override
  public int parallelism() {
    return 1;
  }

  @Override
  public String describe() {
    return "sequential, every closure, item and result serialised";
  }
}
