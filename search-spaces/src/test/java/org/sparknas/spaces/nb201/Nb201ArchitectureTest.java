package org.sparknas.spaces.nb201;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;

class Nb201ArchitectureTest {

  private static final String EXAMPLE =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

  private static Encoding full() {
    boolean[][] rows = new boolean[6][5];
    for (boolean[] r : rows) {
      Arrays.fill(r, true);
    }
    return Encoding.of(Map.of("cell", rows));
  }

  private static ArchitectureWeights weights(double[][] logits) {
    return new ArchitectureWeights(Map.of("cell", logits));
  }

  @Test
  @DisplayName("canonical string: group i lists the inputs of node i in edge order")
  void exampleString() {
    Nb201Architecture a = Nb201Architecture.of("nor_conv_3x3", "nor_conv_3x3", "avg_pool_3x3",
        "skip_connect", "nor_conv_3x3", "skip_connect");
    assertEquals(EXAMPLE, a.canonical());
    assertEquals(a, Nb201Architecture.parse(EXAMPLE));
    assertArrayEquals(new int[] {3, 3, 4, 1, 3, 1}, Nb201Architecture.parse(EXAMPLE).ops());
  }

  @Test
  @DisplayName("all 15,625 strings round-trip, are distinct and follow index order")
  void allRoundTrip() {
    List<Nb201Architecture> all = Nb201Architecture.all();
    assertEquals(15_625, all.size());
    Set<String> strings = new HashSet<>();
    Set<Nb201Architecture> archs = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      Nb201Architecture a = all.get(i);
      String s = a.canonical();
      Nb201Architecture back = Nb201Architecture.parse(s);
      assertEquals(a, back);
      assertEquals(a.hashCode(), back.hashCode());
      assertEquals(s, back.canonical());
      assertEquals(i, a.index());
      strings.add(s);
      archs.add(a);
    }
    assertEquals(15_625, strings.size());
    assertEquals(15_625, archs.size());
    assertEquals("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", all.get(0).canonical());
    assertEquals("|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|",
        all.get(15_624).canonical());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @DisplayName("invalid strings are rejected with a message saying what is wrong")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "\"\";needs 3 groups joined by '+', got 1",
      "|none~0|+|none~0|none~1|;needs 3 groups joined by '+', got 2",
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|none~0|;got 4",
      "|none~0|+|none~0|+|none~0|none~1|none~2|;wrong number of entries in group 2 '|none~0|'",
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|none~3|;node 3 has 3 inputs, got 4",
      "|none~0|none~1|+|none~0|none~1|+|none~0|none~1|none~2|;wrong number of entries in group 1",
      "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|;unknown op 'conv' in group 1",
      "|none~0|+|none~0|none~1|+|none~0|none~1| none~2|;unknown op ' none' in group 3",
      "|none~0|+|none~1|none~0|+|none~0|none~1|none~2|;expected ~0, got ~1",
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~02|;expected ~2, got ~02",
      "|none0|+|none~0|none~1|+|none~0|none~1|none~2|;malformed token 'none0' in group 1",
      "|none~0~0|+|none~0|none~1|+|none~0|none~1|none~2|;malformed token 'none~0~0'",
      "|none~0|+|none~0||+|none~0|none~1|none~2|;malformed token '' in group 2",
      "|none~0|+|none~0|~1|+|none~0|none~1|none~2|;malformed token '~1'",
      "none~0|+|none~0|none~1|+|none~0|none~1|none~2|;malformed group 1 'none~0|'",
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2;malformed group 3",
  })
  void invalid(String text, String expected) {
    String msg = assertThrows(InvalidArchitectureException.class, () -> Nb201Architecture.parse(text)).getMessage();
    assertTrue(msg.contains(expected), () -> "message '" + msg + "' lacks '" + expected + "'");
  }

  @Test
  @DisplayName("an unknown op lists the valid ones")
  void unknownOpListsValid() {
    String msg = assertThrows(InvalidArchitectureException.class,
        () -> Nb201Architecture.parse("|none~0|+|none~0|sep_conv_3x3~1|+|none~0|none~1|none~2|")).getMessage();
    assertTrue(msg.contains("unknown op 'sep_conv_3x3'")
        && msg.contains("valid ops: [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]"), msg);
  }

  @Test
  @DisplayName("ops are copied in and out; equality is by content")
  void immutability() {
    int[] ops = {1, 2, 3, 4, 0, 1};
    Nb201Architecture a = new Nb201Architecture(ops);
    ops[0] = 4;
    assertEquals(1, a.op(0));
    a.ops()[1] = 0;
    assertEquals(2, a.op(1));
    assertEquals(a, new Nb201Architecture(new int[] {1, 2, 3, 4, 0, 1}));
    assertNotEquals(a, new Nb201Architecture(new int[] {1, 2, 3, 4, 0, 2}));
    assertEquals(a.canonical(), a.toString());
    assertThrows(InvalidArchitectureException.class, () -> new Nb201Architecture(new int[5]));
    assertThrows(InvalidArchitectureException.class, () -> new Nb201Architecture(new int[] {0, 0, 0, 0, 0, 5}));
  }

  @Test
  @DisplayName("encoding: one one-hot row per edge, none edges on none; fromPath inverts it")
  void encoding() {
    Nb201Architecture a = Nb201Architecture.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3",
        "avg_pool_3x3", "none");
    Encoding enc = a.encoding();
    assertEquals(List.of("cell"), enc.groups());
    for (int e = 0; e < 6; e++) {
      assertArrayEquals(new int[] {a.op(e)}, enc.allowedOps("cell", e));
    }
    assertArrayEquals(new int[] {0}, enc.allowedOps("cell", 5));
    assertEquals(a, Nb201Architecture.fromPath(enc));
    assertThrows(InvalidArchitectureException.class, () -> Nb201Architecture.fromPath(full()));
  }

  @Test
  @DisplayName("derive: per-edge argmax including none, ties to the lower op index")
  void derive() {
    double[][] logits = {
        {0, 0, 0, 2, 0},      // nor_conv_3x3
        {3, 1, 0, 0, 0},      // none wins: NB201 counts it
        {0, 1, 1, 0, 0},      // tie skip / conv1x1 -> skip (lower index)
        {0, 0, 0, 0, 0},      // all tie -> none
        {0, 0, 0, 1, 1},      // tie conv3x3 / pool -> conv3x3
        {-1, -1, -1, -1, 0},  // avg_pool_3x3
    };
    Nb201Architecture a = Nb201Architecture.derive(weights(logits), full());
    assertEquals(Nb201Architecture.of("nor_conv_3x3", "none", "skip_connect", "none", "nor_conv_3x3",
        "avg_pool_3x3"), a);
  }

  @Test
  @DisplayName("derive stays within the encoding mask")
  void deriveMasked() {
    double[][] logits = {
        {0, 0, 0, 2, 0},
        {3, 1, 0, 0, 0},
        {0, 1, 1, 0, 0},
        {0, 0, 0, 0, 0},
        {0, 0, 0, 1, 1},
        {-1, -1, -1, -1, 0},
    };
    Encoding enc = full()
        .withRow("cell", 0, new boolean[] {true, true, true, false, false})   // conv3x3 masked -> none (tie at 0)
        .withRow("cell", 1, new boolean[] {false, true, true, true, true})    // none masked -> skip
        .withRow("cell", 2, new boolean[] {false, false, true, false, false}) // only conv1x1
        .withRow("cell", 5, new boolean[] {false, false, false, true, false}); // only conv3x3
    Nb201Architecture a = Nb201Architecture.derive(weights(logits), enc);
    assertEquals(Nb201Architecture.of("none", "skip_connect", "nor_conv_1x1", "none", "nor_conv_3x3",
        "nor_conv_3x3"), a);
    Encoding dropped = full().withRow("cell", 4, new boolean[5]);
    String msg = assertThrows(InvalidArchitectureException.class,
        () -> Nb201Architecture.derive(weights(logits), dropped)).getMessage();
    assertTrue(msg.contains("edge 3<-1 allows no op"), msg);
    String shape = assertThrows(InvalidArchitectureException.class,
        () -> Nb201Architecture.derive(weights(new double[6][4]), full())).getMessage();
    assertTrue(shape.contains("needs 5 columns, got 4"), shape);
  }

  @Test
  @DisplayName("sample: only allowed ops, every allowed op drawn, reproducible with a seed")
  void sample() {
    Encoding enc = full()
        .withRow("cell", 0, new boolean[] {false, false, false, true, false})
        .withRow("cell", 3, new boolean[] {true, false, false, false, true});
    SplittableRandom rng = new SplittableRandom(7);
    int[][] counts = new int[6][5];
    for (int i = 0; i < 2_000; i++) {
      Nb201Architecture a = Nb201Architecture.sample(enc, rng);
      for (int e = 0; e < 6; e++) {
        assertTrue(enc.allowed("cell", e, a.op(e)), a::canonical);
        counts[e][a.op(e)]++;
      }
    }
    for (int e = 0; e < 6; e++) {
      int[] allowed = enc.allowedOps("cell", e);
      for (int o : allowed) {
        double expected = 2_000.0 / allowed.length;
        assertTrue(Math.abs(counts[e][o] - expected) < 0.15 * expected, "edge " + e + " op " + o + ": " + counts[e][o]);
      }
    }
    assertEquals(Nb201Architecture.sample(full(), new SplittableRandom(42)),
        Nb201Architecture.sample(full(), new SplittableRandom(42)));
    List<Nb201Architecture> a = Arrays.asList(new Nb201Architecture[20]);
    List<Nb201Architecture> b = Arrays.asList(new Nb201Architecture[20]);
    SplittableRandom r1 = new SplittableRandom(3);
    SplittableRandom r2 = new SplittableRandom(3);
    for (int i = 0; i < 20; i++) {
      a.set(i, Nb201Architecture.sample(full(), r1));
      b.set(i, Nb201Architecture.sample(full(), r2));
    }
    assertEquals(a, b);
    assertTrue(new HashSet<>(a).size() > 1);
  }

  @Test
  @DisplayName("isConnected on handmade cells")
  void connectedHandmade() {
    assertFalse(Nb201Architecture.of("none", "none", "none", "none", "none", "none").isConnected());
    assertTrue(Nb201Architecture.of("none", "none", "none", "skip_connect", "none", "none").isConnected());
    assertTrue(Nb201Architecture.of("nor_conv_3x3", "none", "none", "none", "avg_pool_3x3", "none").isConnected());
    assertTrue(Nb201Architecture.of("none", "nor_conv_1x1", "none", "none", "none", "skip_connect").isConnected());
    assertTrue(Nb201Architecture.of("skip_connect", "none", "skip_connect", "none", "none", "skip_connect").isConnected());
    // node 3 only reads nodes that are themselves cut off
    assertFalse(Nb201Architecture.of("none", "none", "nor_conv_3x3", "none", "nor_conv_3x3", "nor_conv_3x3")
        .isConnected());
    // nodes 1 and 2 reached, but nothing enters node 3 from them
    assertFalse(Nb201Architecture.of("skip_connect", "skip_connect", "skip_connect", "none", "none", "none")
        .isConnected());
    assertTrue(Nb201Architecture.parse(EXAMPLE).isConnected());
  }

  @Test
  @DisplayName("isConnected agrees with the four input-output paths over the whole space")
  void connectedMatchesPaths() {
    int[][] paths = {{3}, {0, 4}, {1, 5}, {0, 2, 5}};  // edge rows of 0->3, 0->1->3, 0->2->3, 0->1->2->3
    int connected = 0;
    for (Nb201Architecture a : Nb201Architecture.all()) {
      boolean any = false;
      for (int[] path : paths) {
        any |= Arrays.stream(path).allMatch(e -> a.op(e) != Nb201Ops.NONE);
      }
      assertEquals(any, a.isConnected(), a::canonical);
      connected += any ? 1 : 0;
    }
    assertTrue(connected > 0 && connected < 15_625);
  }
}
