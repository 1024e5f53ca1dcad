package org.sparknas.core.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a strategy keeps what a resumed search needs (parameters, optimiser states, the next epoch).
 * Randomness is derived from (seed, phase, step), never carried in a generator, so a search resumed at
 * an epoch boundary continues exactly as an uninterrupted one would.
 * <pre>{@code
 * DartsCheckpoint c = ctx.checkpoints().<DartsCheckpoint>load("darts").orElse(null);
 * ctx.checkpoints().save("darts", new DartsCheckpoint(epoch + 1, params, sgd, adam));
 * }</pre>
 */
public interface Checkpoints {

  <T extends Serializable> Optional<T> load(String name);

  void save(String name, Serializable state);

  /** Keeps nothing: every search starts from scratch. */
  Checkpoints NONE = new Checkpoints() {
    @Override
    public <T extends Serializable> Optional<T> load(String name) {
      return Optional.empty();
    }

    @Override
    public void save(String name, Serializable state) {}
  };

  /** Kept in memory as serialised bytes, so a saved state is a snapshot, as on disk. */
  static Checkpoints inMemory() {
    Map<String, byte[]> states = new HashMap<>();
    return new Checkpoints() {
      @Override
      public <T extends Serializable> Optional<T> load(String name) {
        return Optional.ofNullable(states.get(name)).map(Checkpoints::deserialize);
      }

      @Override
      public void save(String name, Serializable state) {
        states.put(name, serialize(state));
      }
    };
  }

  /** First bytes of a checkpoint ("SNCK"), then the format version, then the Java-serialised state. */
  int MAGIC = 0x534E434B;
  /**
   * The checkpoint format this build writes. 1: the magic and version header. Files without the header
   * (earlier builds) are read as version 0; a newer version than this build knows is refused by name.
   */
  int FORMAT_VERSION = 1;

  /** The format header, then Java serialisation of a state (INDArrays serialise themselves). */
  public static byte[] serialize(Serializable state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(java.nio.ByteBuffer.allocate(8).putInt(MAGIC).putInt(FORMAT_VERSION).array());
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise checkpoint " + state.getClass().getSimpleName(), e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  public static <T extends Serializable> T deserialize(byte[] bytes) {
    ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
    if (bytes.length >= 8 && java.nio.ByteBuffer.wrap(bytes).getInt() == MAGIC) {
      int version = java.nio.ByteBuffer.wrap(bytes).getInt(4);
      if (version > FORMAT_VERSION) {
        throw new IllegalStateException("checkpoint format " + version + " is newer than this build reads ("
            + FORMAT_VERSION + "); resume it with the SparkNAS version that wrote it");
      }
      stream.skip(8);
    }
    try (ObjectInputStream in = new ObjectInputStream(stream)) {
      return (T) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read checkpoint: " + e.getMessage(), e);
    }
  }
}
