package org.sparknas.core.space;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The path of one block of a block-wise space: the op index chosen at each of its layers. Its text
 * form is the digits of the ops ({@code "0110"}), as the BossNAS reference keys its ranked paths, so
 * op indices are 0..9. Which ops are valid where is the space's business; this is only the value.
 * <pre>{@code
 * BlockPath p = BlockPath.parse("5542");
 * p.op(0);          // 5
 * p.toString();     // "5542"
 * }</pre>
 *
 * @param ops op index per layer (copied in and out)
 */
public record BlockPath(int[] ops) implements Serializable {

  public BlockPath {
    if (ops == null || ops.length == 0) {
      throw new InvalidArchitectureException("a block path needs at least one layer");
    }
    ops = ops.clone();
    for (int i = 0; i < ops.length; i++) {
      if (ops[i] < 0 || ops[i] > 9) {
        throw new InvalidArchitectureException("layer " + i + " of a block path: op index " + ops[i]
            + " is not a digit 0..9");
      }
    }
  }

  public static BlockPath of(int... ops) {
    return new BlockPath(ops);
  }

  /** Parses the digit form; the error names the offending character. */
  public static BlockPath parse(String digits) {
    if (digits == null || digits.isEmpty()) {
      throw new InvalidArchitectureException("a block path needs at least one digit, got "
          + (digits == null ? "null" : "''"));
    }
    int[] ops = new int[digits.length()];
    for (int i = 0; i < ops.length; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidArchitectureException("block path '" + digits + "': character '" + c + "' at position "
            + i + " is not an op digit 0..9");
      }
      ops[i] = c - '0';
    }
    return new BlockPath(ops);
  }

  @Override
  public int[] ops() {
    return ops.clone();
  }

  public int layers() {
    return ops.length;
  }

  public int op(int layer) {
    return ops[layer];
  }

  /** The op of the last layer (what the next block of a HyTra fabric starts from). */
  public int last() {
    return ops[ops.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockPath other && Arrays.equals(ops, other.ops);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ops);
  }

  /** The digit form. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(ops.length);
    for (int op : ops) {
      sb.append((char) ('0' + op));
    }
    return sb.toString();
  }
}
