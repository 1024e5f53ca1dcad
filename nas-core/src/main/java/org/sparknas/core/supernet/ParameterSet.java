package org.sparknas.core.supernet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A named set of arrays (weights, architecture logits, batch-norm running statistics). Names are kept
 * sorted, so iteration, flattening and reductions happen in one fixed order on every machine.
 * Compiled networks bind these very arrays by name: an in-place update here is seen by every network.
 * {@link #write} and {@link #read} keep a set in a versioned binary file.
 * <pre>{@code
 * ParameterSet snapshot = supernet.weights().copy();   // teacher, checkpoint, broadcast
 * supernet.weights().assign(snapshot);                 // restore in place
 * }</pre>
 */
public final class ParameterSet implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int FILE_MAGIC = 0x534E5053; // "SNPS"
  /**
   * The parameter-file format this build writes. 1: the version after the magic, stored negated, so that
   * a file of the first format (version 0), whose next number is its non-negative entry count, still reads.
   */
  public static final int FORMAT_VERSION = 1;

  private final TreeMap<String, INDArray> arrays = new TreeMap<>();

  public ParameterSet() {}

  public ParameterSet(Map<String, INDArray> arrays) {
    this.arrays.putAll(arrays);
  }

  public boolean contains(String name) {
    return arrays.containsKey(name);
  }

  public INDArray get(String name) {
    INDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return a;
  }

  /** Adds an array under a new name (the array itself, not a copy). */
  public void put(String name, INDArray array) {
    arrays.put(name, array);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(arrays.keySet());
  }

  public int size() {
    return arrays.size();
  }

  public long parameterCount() {
    return arrays.values().stream().mapToLong(INDArray::length).sum();
  }

  public Map<String, INDArray> asMap() {
    return Collections.unmodifiableMap(arrays);
  }

  public void forEach(BiConsumer<String, INDArray> action) {
    arrays.forEach(action);
  }

  /** A deep copy (a snapshot that later training does not change). */
  public ParameterSet copy() {
    ParameterSet c = new ParameterSet();
    arrays.forEach((k, v) -> c.arrays.put(k, v.dup()));
    return c;
  }

  /** The subset of the named arrays (same array objects). */
  public ParameterSet select(Iterable<String> names) {
    ParameterSet s = new ParameterSet();
    for (String n : names) {
      s.arrays.put(n, get(n));
    }
    return s;
  }

  /** Copies values from {@code other} into the arrays of this set, in place; every name must exist here. */
  public void assign(ParameterSet other) {
    other.arrays.forEach((k, v) -> get(k).assign(v));
  }

  /** All values flattened in name order. */
  public INDArray flatten() {
    return Nd4j.toFlattened('c', arrays.values());
  }

  /** Writes a self-describing binary file: magic, format version (negated), count, then name and array per entry. */
  public void write(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(FILE_MAGIC);
    data.writeInt(-FORMAT_VERSION);
    data.writeInt(arrays.size());
    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
      data.writeUTF(e.getKey());
      Nd4j.write(e.getValue(), data);
    }
    data.flush();
  }

  /**
   * Reads a file {@link #write} wrote, of this format or an earlier one; {@code source} names the file in
   * errors (not a parameter file, or a newer format than this build reads).
   */
  public static ParameterSet read(InputStream in, String source) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int magic = data.readInt();
    if (magic != FILE_MAGIC) {
      throw new IOException(source + ": not a SparkNAS parameter file (magic " + Integer.toHexString(magic) + ")");
    }
    int versionOrCount = data.readInt();
    int version = versionOrCount < 0 ? -versionOrCount : 0;
    if (version > FORMAT_VERSION) {
      throw new IOException(source + ": parameter file format " + version + " is newer than this build reads ("
          + FORMAT_VERSION + "); read it with the SparkNAS version that wrote it");
    }
    int n = version == 0 ? versionOrCount : data.readInt();
    ParameterSet s = new ParameterSet();
    for (int i = 0; i < n; i++) {
      String name = data.readUTF();
      s.arrays.put(name, Nd4j.read(data));
    }
    return s;
  }
}
