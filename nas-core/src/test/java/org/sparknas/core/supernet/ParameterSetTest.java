package org.sparknas.core.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.GradCheck;

class ParameterSetTest {

  private static ParameterSet sample() {
    ParameterSet s = new ParameterSet();
    s.put("stem/w", GradCheck.uniform(DataType.FLOAT, 1, 3, 3, 1, 4));
    s.put("alpha_cell", GradCheck.uniform(DataType.FLOAT, 2, 6, 5).muli(1e-3f));
    s.put("head/b", GradCheck.uniform(DataType.DOUBLE, 3, 7));
    // values that a lossy format would not keep
    s.put("edge/extremes", Nd4j.createFromArray(Float.MIN_VALUE, -0.0f, Float.MAX_VALUE, 1f / 3, Float.NaN));
    return s;
  }

  private static void assertIdentical(INDArray expected, INDArray actual, String name) {
    assertEquals(expected.dataType(), actual.dataType(), name + ": data type");
    assertArrayEquals(expected.shape(), actual.shape(), name + ": shape");
    INDArray e = expected.reshape(expected.length());
    INDArray a = actual.reshape(actual.length());
    for (long i = 0; i < expected.length(); i++) {
      assertEquals(Double.doubleToRawLongBits(e.getDouble(i)), Double.doubleToRawLongBits(a.getDouble(i)),
          name + ": bits of element " + i);
    }
  }

  private static void assertIdentical(ParameterSet expected, ParameterSet actual) {
    assertEquals(List.copyOf(expected.names()), List.copyOf(actual.names()), "names, in order");
    for (String n : expected.names()) {
      assertIdentical(expected.get(n), actual.get(n), n);
    }
  }

  @Test
  @DisplayName("write then read gives back every name, type, shape and bit exactly")
  void roundTripIsExact() throws IOException {
    ParameterSet s = sample();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.write(out);
    ParameterSet back = ParameterSet.read(new ByteArrayInputStream(out.toByteArray()), "memory");
    assertIdentical(s, back);
    assertEquals(List.of("alpha_cell", "edge/extremes", "head/b", "stem/w"), List.copyOf(back.names()));
  }

  @Test
  @DisplayName("the file starts with the magic and the format version; a file of the first format (no version) reads")
  void formatVersion() throws IOException {
    ParameterSet s = sample();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.write(out);
    byte[] bytes = out.toByteArray();
    DataInputStream head = new DataInputStream(new ByteArrayInputStream(bytes));
    assertEquals(0x534E5053, head.readInt(), "SNPS");
    assertEquals(-ParameterSet.FORMAT_VERSION, head.readInt());
    assertEquals(s.size(), head.readInt());

    // version 0: magic, count, entries, as builds before the version wrote it
    ByteArrayOutputStream old = new ByteArrayOutputStream();
    old.write(bytes, 0, 4);
    old.write(bytes, 8, bytes.length - 8);
    assertIdentical(s, ParameterSet.read(new ByteArrayInputStream(old.toByteArray()), "old.bin"));
  }

  @Test
  @DisplayName("a newer format is refused, naming the file and both versions")
  void newerFormatRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sample().write(out);
    byte[] bytes = out.toByteArray();
    ByteBuffer.wrap(bytes).putInt(4, -(ParameterSet.FORMAT_VERSION + 1));
    IOException e = assertThrows(IOException.class,
        () -> ParameterSet.read(new ByteArrayInputStream(bytes), "future.bin"));
    assertTrue(e.getMessage().startsWith("future.bin: parameter file format " + (ParameterSet.FORMAT_VERSION + 1)
        + " is newer than this build reads (" + ParameterSet.FORMAT_VERSION + ")"), e.getMessage());
  }

  @Test
  @DisplayName("read rejects a stream that is not a parameter file")
  void readRejectsForeignData() {
    byte[] junk = {1, 2, 3, 4, 0, 0, 0, 0};
    IOException e = assertThrows(IOException.class,
        () -> ParameterSet.read(new ByteArrayInputStream(junk), "junk.bin"));
    assertTrue(e.getMessage().contains("junk.bin"), e.getMessage());
  }

  @Test
  @DisplayName("copy is deep: later in-place changes of either side do not reach the other")
  void copyIsDeep() {
    ParameterSet s = sample();
    ParameterSet c = s.copy();
    assertIdentical(s, c);
    for (String n : s.names()) {
      assertNotSame(s.get(n), c.get(n), n);
    }
    INDArray before = s.get("stem/w").dup();
    s.get("stem/w").addi(1);
    assertIdentical(before, c.get("stem/w"), "copy after changing the original");
    c.get("head/b").muli(3);
    assertIdentical(sample().get("head/b"), s.get("head/b"), "original after changing the copy");
  }

  @Test
  @DisplayName("assign copies values into the existing arrays; select shares the arrays")
  void assignAndSelect() {
    ParameterSet s = sample();
    INDArray stem = s.get("stem/w");
    ParameterSet other = s.copy();
    other.get("stem/w").assign(7);
    ParameterSet sub = s.select(List.of("stem/w"));
    s.assign(other.select(List.of("stem/w")));
    assertSame(stem, s.get("stem/w"), "assign keeps the array object (graphs stay bound to it)");
    assertEquals(7.0, stem.getDouble(0, 0, 0, 0));
    assertSame(stem, sub.get("stem/w"));
    ParameterSet unknown = new ParameterSet();
    unknown.put("nope", Nd4j.ones(1));
    assertThrows(IllegalArgumentException.class, () -> s.assign(unknown));
  }

  @Test
  @DisplayName("SupernetParameters.copy is deep for weights, alphas and statistics; assign restores in place")
  void supernetParametersCopyAndAssign() {
    SupernetParameters p = new SupernetParameters(sample(), sample(), sample(), 42);
    SupernetParameters c = p.copy();
    assertEquals(42, c.seed());
    for (ParameterSet[] pair : new ParameterSet[][] {{p.weights(), c.weights()}, {p.alphas(), c.alphas()},
        {p.bnStats(), c.bnStats()}}) {
      assertIdentical(pair[0], pair[1]);
      assertNotSame(pair[0].get("stem/w"), pair[1].get("stem/w"));
    }
    INDArray w = p.weights().get("stem/w");
    INDArray a = p.alphas().get("alpha_cell");
    INDArray s = p.bnStats().get("head/b");
    w.addi(1);
    a.addi(1);
    s.addi(1);
    assertIdentical(sample().get("stem/w"), c.weights().get("stem/w"), "copy's weights");
    assertIdentical(sample().get("alpha_cell"), c.alphas().get("alpha_cell"), "copy's alphas");
    assertIdentical(sample().get("head/b"), c.bnStats().get("head/b"), "copy's statistics");
    p.assign(c);
    assertSame(w, p.weights().get("stem/w"));
    assertIdentical(c.weights(), p.weights());
    assertIdentical(c.alphas(), p.alphas());
    assertIdentical(c.bnStats(), p.bnStats());
  }
}
