package org.sparknas.spaces.darts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;
import org.sparknas.spaces.darts.DartsGenotype.Gene;

class DartsGenotypeTest {

  static final String V2 = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
      + "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], "
      + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
      + "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
      + "reduce_concat=[2, 3, 4, 5])";

  private static final List<String> OPS8 = DartsOps.list(true);
  private static final List<String> OPS7 = DartsOps.list(false);

  @Test
  @DisplayName("DARTS_V2 prints exactly as Python prints the reference namedtuple and parses back")
  void dartsV2() {
    assertEquals(V2, DartsGenotype.DARTS_V2.canonical());
    assertEquals(V2, DartsGenotype.DARTS_V2.toString());
    DartsGenotype back = DartsGenotype.parse(V2, OPS8);
    assertEquals(DartsGenotype.DARTS_V2, back);
    assertEquals(V2, back.canonical());
    assertEquals(OPS8, back.ops());
    assertEquals(DartsGenotype.DARTS_V2, DartsGenotype.parse(V2, OPS7));
  }

  @Test
  @DisplayName("parse tolerates whitespace, double quotes, range(2, 6), trailing commas, field order")
  void tolerantParse() {
    String dq = V2.replace('\'', '"');
    String range = V2.replace("normal_concat=[2, 3, 4, 5]", "normal_concat=range(2, 6)")
        .replace("reduce_concat=[2, 3, 4, 5]", "reduce_concat=range(2,6)");
    String spaced = "  Genotype(\n  normal = [ ( 'sep_conv_3x3' , 0 ),('sep_conv_3x3',1),\n"
        + "\t('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), (\"skip_connect\", 0),\n"
        + "    ('skip_connect', 0), ('dil_conv_3x3', 2,), ],\n"
        + "  reduce_concat = [2, 3, 4, 5,],\n"
        + "  reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),"
        + " ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],\n"
        + "  normal_concat=range( 2 , 6 ),\n)\n";
    for (String s : List.of(dq, range, spaced)) {
      DartsGenotype g = DartsGenotype.parse(s, OPS8);
      assertEquals(DartsGenotype.DARTS_V2, g, s);
      assertEquals(V2, g.canonical());
    }
    DartsGenotype r = DartsGenotype.parse(V2.replace("normal_concat=[2, 3, 4, 5]", "normal_concat=range(6)"), OPS8);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), r.normalConcat());
  }

  @Test
  @DisplayName("a concat other than [2, 3, 4, 5] is kept and printed as given")
  void otherConcat() {
    String s = V2.replace("reduce_concat=[2, 3, 4, 5]", "reduce_concat=[5, 3]");
    DartsGenotype g = DartsGenotype.parse(s, OPS8);
    assertEquals(List.of(5, 3), g.reduceConcat());
    assertEquals(s, g.canonical());
  }

  @ParameterizedTest(name = "{index}: {1}")
  @DisplayName("invalid genotypes are rejected with a precise message")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "('sep_conv_3x3', 0);('conv_9x9', 0);normal gene 0 ('conv_9x9', 0) (node 0): unknown op 'conv_9x9', valid ops: [max_pool_3x3,",
      "('sep_conv_3x3', 0);('none', 0);normal gene 0 ('none', 0) (node 0): 'none' never appears in a genotype",
      "('sep_conv_3x3', 0);('sep_conv_3x3', 2);normal gene 0 ('sep_conv_3x3', 2) (node 0): input 2 out of range, node 0 reads states 0..1",
      "('sep_conv_3x3', 0);('sep_conv_3x3', -1);input -1 out of range",
      "('sep_conv_3x3', 0), ('sep_conv_3x3', 1);('sep_conv_3x3', 0), ('sep_conv_3x3', 0);normal gene 1 ('sep_conv_3x3', 0) (node 0): node 0 reads input 0 twice",
      "('skip_connect', 0), ('dil_conv_3x3', 2)];('skip_connect', 0)];the normal cell needs 8 genes (2 per node), got 7",
      "('dil_conv_3x3', 2)];('dil_conv_3x3', 2), ('dil_conv_3x3', 3)];the normal cell needs 8 genes (2 per node), got 9",
      "normal_concat=[2, 3, 4, 5];normal_concat=[2, 6];normal_concat [2, 6] holds state 6, states are 0..5",
      "normal_concat=[2, 3, 4, 5];normal_concat=[2, 2];holds state 2 twice",
      "normal_concat=[2, 3, 4, 5];normal_concat=[];normal_concat is empty",
      ", reduce_concat=[2, 3, 4, 5]););genotype lacks field(s) [reduce_concat]",
      "normal_concat=;normals_concat=;unknown field 'normals_concat', expected one of [normal, normal_concat, reduce, reduce_concat]",
      ", reduce_concat=[2, 3, 4, 5]);, reduce_concat=[2, 3, 4, 5], normal_concat=[2]);field 'normal_concat' given twice",
      "Genotype(;Genotypes(;expected 'Genotype' at position 0",
      "('sep_conv_3x3', 0);(sep_conv_3x3, 0);expected a quoted op name at position 18, found 'sep_conv_3x3, 0), ('",
      "('sep_conv_3x3', 0);('sep_conv_3x3, 0);expected ',' at position 39, found 'sep_conv_3x3', 1), ('",
      "('max_pool_3x3', 1)], reduce_concat;('max_pool_3x3, 1)], reduce_concat;unterminated op name at position",
      "('sep_conv_3x3', 0);('sep_conv_3x3' 0);expected ',' at position 33",
      "('sep_conv_3x3', 0);('sep_conv_3x3', x);expected an integer at position 34",
      "('sep_conv_3x3', 0);['sep_conv_3x3', 0];expected '(' at position 17",
      "reduce_concat=[2, 3, 4, 5]);reduce_concat=[2, 3, 4, 5]) extra;unexpected text after the closing ')'",
      "reduce_concat=[2, 3, 4, 5]);reduce_concat=[2, 3, 4, 5];expected ',' or ')' after field 'reduce_concat' at position",
      "normal_concat=[2, 3, 4, 5];normal_concat=rang(2, 6);expected 'range'",
  })
  void invalid(String from, String to, String expected) {
    String text = V2.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    assertTrue(!text.equals(V2), "test case does not change the string: " + from);
    String msg = assertThrows(InvalidArchitectureException.class, () -> DartsGenotype.parse(text, OPS8)).getMessage();
    assertTrue(msg.contains(expected), () -> "message '" + msg + "' lacks '" + expected + "'");
  }

  @Test
  @DisplayName("none is rejected by name also in the 7-op space; the op list itself is checked")
  void noneAndOpList() {
    String s = V2.replaceFirst("'sep_conv_3x3', 1", "'none', 1");
    String msg = assertThrows(InvalidArchitectureException.class, () -> DartsGenotype.parse(s, OPS7)).getMessage();
    assertTrue(msg.contains("normal gene 1 ('none', 1) (node 0): 'none' never appears in a genotype"), msg);
    String ops = assertThrows(InvalidArchitectureException.class,
        () -> DartsGenotype.DARTS_V2.withOps(List.of("sep_conv_3x3", "conv"))).getMessage();
    assertTrue(ops.contains("holds 'conv', not a DARTS op"), ops);
    String missing = assertThrows(InvalidArchitectureException.class,
        () -> DartsGenotype.DARTS_V2.withOps(List.of("sep_conv_3x3", "skip_connect"))).getMessage();
    assertTrue(missing.contains("normal gene 7 ('dil_conv_3x3', 2) (node 3): unknown op 'dil_conv_3x3', valid ops: [sep_conv_3x3, skip_connect]"), missing);
  }

  @Test
  @DisplayName("equality ignores the op list; the encoding follows it")
  void equalityIgnoresOps() {
    DartsGenotype seven = DartsGenotype.DARTS_V2.withOps(OPS7);
    assertEquals(DartsGenotype.DARTS_V2, seven);
    assertEquals(DartsGenotype.DARTS_V2.hashCode(), seven.hashCode());
    assertEquals(7, seven.encoding().opCount("normal"));
    assertEquals(8, DartsGenotype.DARTS_V2.encoding().opCount("normal"));
  }

  @Test
  @DisplayName("encoding: exactly 8 one-hot rows per cell at the genes' edges, other rows dropped")
  void encoding() {
    for (List<String> ops : List.of(OPS8, OPS7)) {
      DartsGenotype g = DartsGenotype.DARTS_V2.withOps(ops);
      Encoding enc = g.encoding();
      assertEquals(List.of("normal", "reduce"), enc.groups());
      assertOneHot(enc, "normal", Set.of(0, 1, 2, 3, 5, 6, 9, 11), g, ops);
      assertOneHot(enc, "reduce", Set.of(0, 1, 3, 4, 5, 7, 10, 11), g, ops);
      // edge 11 = node 3 <- state 2: dil_conv_3x3 in normal, skip_connect in reduce
      assertArrayEquals(new int[] {ops.indexOf("dil_conv_3x3")}, enc.allowedOps("normal", 11));
      assertArrayEquals(new int[] {ops.indexOf("skip_connect")}, enc.allowedOps("reduce", 11));
    }
  }

  private static void assertOneHot(Encoding enc, String group, Set<Integer> kept, DartsGenotype g, List<String> ops) {
    assertEquals(14, enc.edges(group));
    Set<Integer> oneHot = new TreeSet<>();
    for (int e = 0; e < 14; e++) {
      int n = enc.allowedOps(group, e).length;
      assertTrue(n <= 1, group + " edge " + e + " allows " + n);
      if (n == 1) {
        oneHot.add(e);
      }
    }
    assertEquals(new TreeSet<>(kept), oneHot);
    List<Gene> genes = g.genes(group);
    for (int i = 0; i < genes.size(); i++) {
      int e = DartsOps.edgeIndex(i / 2, genes.get(i).input());
      assertEquals(genes.get(i).op(), ops.get(enc.allowedOps(group, e)[0]));
    }
  }

  @Test
  @DisplayName("constructed genes are copied; null lists are rejected")
  void construction() {
    List<Gene> genes = new ArrayList<>(DartsGenotype.DARTS_V2.normal());
    DartsGenotype g = DartsGenotype.of(genes, DartsGenotype.DARTS_V2.reduce(), OPS8);
    genes.set(0, new Gene("dil_conv_5x5", 0));
    assertEquals(DartsGenotype.DARTS_V2, g);
    assertThrows(UnsupportedOperationException.class, () -> g.normal().clear());
    assertThrows(InvalidArchitectureException.class, () -> DartsGenotype.of(null, genes, OPS8));
    assertEquals("('sep_conv_3x3', 0)", new Gene("sep_conv_3x3", 0).toString());
  }
}
