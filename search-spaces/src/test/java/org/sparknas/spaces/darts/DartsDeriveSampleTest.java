package org.sparknas.spaces.darts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;
import org.sparknas.spaces.darts.DartsGenotype.Gene;

class DartsDeriveSampleTest {

  private static final List<String> OPS8 = DartsOps.list(true);
  private static final List<String> OPS7 = DartsOps.list(false);

  private static Encoding full(int ops) {
    Map<String, boolean[][]> m = new LinkedHashMap<>();
    for (String g : DartsOps.GROUPS) {
      boolean[][] rows = new boolean[14][ops];
      for (boolean[] r : rows) {
        Arrays.fill(r, true);
      }
      m.put(g, rows);
    }
    return Encoding.of(m);
  }

  private static ArchitectureWeights weights(double[][] normal, double[][] reduce) {
    Map<String, double[][]> m = new LinkedHashMap<>();
    m.put("normal", normal);
    m.put("reduce", reduce);
    return new ArchitectureWeights(m);
  }

  /** Alphas that single out a genotype: first gene of a node logit 4 on its op, second 2, all else 0. */
  private static double[][] planted(List<Gene> genes, List<String> ops) {
    double[][] a = new double[14][ops.size()];
    for (int i = 0; i < genes.size(); i++) {
      a[DartsOps.edgeIndex(i / 2, genes.get(i).input())][ops.indexOf(genes.get(i).op())] = i % 2 == 0 ? 4 : 2;
    }
    return a;
  }

  @Test
  @DisplayName("derive recovers a planted genotype, strongest edge first, with and without none")
  void derivePlanted() {
    for (List<String> ops : List.of(OPS8, OPS7)) {
      DartsGenotype v2 = DartsGenotype.DARTS_V2;
      DartsGenotype g = DartsGenotype.derive(
          weights(planted(v2.normal(), ops), planted(v2.reduce(), ops)), full(ops.size()), ops);
      assertEquals(DartsGenotype.DARTS_V2.canonical(), g.canonical());
      assertEquals(ops, g.ops());
      assertEquals(List.of(2, 3, 4, 5), g.normalConcat());
    }
  }

  @Test
  @DisplayName("derive ties: equal strengths keep the lower input first, equal weights the lower op index")
  void deriveTies() {
    for (List<String> ops : List.of(OPS8, OPS7)) {
      DartsGenotype g = DartsGenotype.derive(weights(new double[14][ops.size()], new double[14][ops.size()]),
          full(ops.size()), ops);
      for (List<Gene> cell : List.of(g.normal(), g.reduce())) {
        for (int node = 0; node < 4; node++) {
          assertEquals(new Gene("max_pool_3x3", 0), cell.get(2 * node));
          assertEquals(new Gene("max_pool_3x3", 1), cell.get(2 * node + 1));
        }
      }
    }
    double[][] normal = new double[14][8];
    // node 3: identical rows on inputs 2 and 4 -> equal strengths -> (., 2) before (., 4); within a row
    // sep_conv_3x3 and dil_conv_5x5 tie -> sep_conv_3x3, the lower op index
    for (int input : new int[] {2, 4}) {
      normal[DartsOps.edgeIndex(3, input)][OPS8.indexOf("sep_conv_3x3")] = 3;
      normal[DartsOps.edgeIndex(3, input)][OPS8.indexOf("dil_conv_5x5")] = 3;
    }
    DartsGenotype g = DartsGenotype.derive(weights(normal, new double[14][8]), full(8), OPS8);
    assertEquals(List.of(new Gene("sep_conv_3x3", 2), new Gene("sep_conv_3x3", 4)), g.normal().subList(6, 8));
  }

  @Test
  @DisplayName("derive: none is ignored for strength and op, but counted in the softmax")
  void deriveIgnoresNone() {
    double[][] normal = new double[14][8];
    // node 0: none dominates edge 0, yet the gene takes the best other op
    normal[0][OPS8.indexOf("none")] = 5;
    normal[0][OPS8.indexOf("skip_connect")] = 1;
    // node 1: input 0 would be strongest if none counted; it is the weakest without it
    normal[DartsOps.edgeIndex(1, 0)][OPS8.indexOf("none")] = 10;
    normal[DartsOps.edgeIndex(1, 0)][OPS8.indexOf("max_pool_3x3")] = 1;
    normal[DartsOps.edgeIndex(1, 1)][OPS8.indexOf("sep_conv_5x5")] = 2;
    normal[DartsOps.edgeIndex(1, 2)][OPS8.indexOf("dil_conv_3x3")] = 1;
    DartsGenotype g = DartsGenotype.derive(weights(normal, new double[14][8]), full(8), OPS8);
    // edge 0's skip_connect keeps little weight next to none: edge 1 (uniform row) ranks first
    assertEquals(List.of(new Gene("max_pool_3x3", 1), new Gene("skip_connect", 0)), g.normal().subList(0, 2));
    assertEquals(List.of(new Gene("sep_conv_5x5", 1), new Gene("dil_conv_3x3", 2)), g.normal().subList(2, 4));
  }

  @Test
  @DisplayName("derive respects the encoding: masked ops and dropped edges are never chosen, softmax is renormalised")
  void deriveMasked() {
    DartsGenotype v2 = DartsGenotype.DARTS_V2;
    double[][] normal = planted(v2.normal(), OPS7);
    double[][] reduce = planted(v2.reduce(), OPS7);
    boolean[] none = new boolean[7];
    boolean[] onlyAvg = new boolean[7];
    onlyAvg[OPS7.indexOf("avg_pool_3x3")] = true;
    boolean[] noSep3 = new boolean[7];
    Arrays.fill(noSep3, true);
    noSep3[OPS7.indexOf("sep_conv_3x3")] = false;
    Encoding enc = full(7)
        .withRow("normal", 0, noSep3)                        // node 0 input 0: sep_conv_3x3 masked -> max_pool (tie), now weaker
        .withRow("normal", DartsOps.edgeIndex(3, 0), none)   // node 3 strongest edge dropped
        .withRow("reduce", DartsOps.edgeIndex(1, 0), onlyAvg); // a lone allowed op has weight 1: strongest
    DartsGenotype g = DartsGenotype.derive(weights(normal, reduce), enc, OPS7);
    assertEquals(List.of(new Gene("sep_conv_3x3", 1), new Gene("max_pool_3x3", 0)), g.normal().subList(0, 2));
    assertEquals(List.of(new Gene("dil_conv_3x3", 2), new Gene("max_pool_3x3", 1)), g.normal().subList(6, 8));
    assertEquals(List.of(new Gene("avg_pool_3x3", 0), new Gene("skip_connect", 2)), g.reduce().subList(2, 4));
  }

  @Test
  @DisplayName("derive refuses a node with fewer than two usable edges and mismatched shapes")
  void deriveErrors() {
    boolean[] onlyNone = new boolean[8];
    onlyNone[0] = true;
    Encoding enc = full(8).withRow("reduce", DartsOps.edgeIndex(0, 1), onlyNone);
    String msg = assertThrows(InvalidArchitectureException.class,
        () -> DartsGenotype.derive(weights(new double[14][8], new double[14][8]), enc, OPS8)).getMessage();
    assertTrue(msg.contains("node 0 of the reduce cell has 1 input edge(s) allowing an op other than none"), msg);
    String shape = assertThrows(InvalidArchitectureException.class,
        () -> DartsGenotype.derive(weights(new double[14][8], new double[14][8]), full(8), OPS7)).getMessage();
    assertTrue(shape.contains("needs 14x7 masks"), shape);
    String rows = assertThrows(InvalidArchitectureException.class,
        () -> DartsGenotype.derive(weights(new double[14][8], new double[13][8]), full(8), OPS8)).getMessage();
    assertTrue(rows.contains("'reduce' need 14 rows, got 13"), rows);
  }

  @Test
  @DisplayName("sample: valid genotypes from allowed non-none ops only, reproducible with a seed")
  void sample() {
    for (List<String> ops : List.of(OPS8, OPS7)) {
      SplittableRandom rng = new SplittableRandom(11);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        DartsGenotype g = DartsGenotype.sample(full(ops.size()), rng, ops);
        assertEquals(g, DartsGenotype.parse(g.canonical(), ops));
        for (Gene gene : g.normal()) {
          assertNotEquals("none", gene.op());
        }
        seen.add(g.canonical());
      }
      assertTrue(seen.size() > 290);
      assertEquals(DartsGenotype.sample(full(ops.size()), new SplittableRandom(5), ops),
          DartsGenotype.sample(full(ops.size()), new SplittableRandom(5), ops));
    }
  }

  @Test
  @DisplayName("sample within a mask: skips edges with no non-none op, draws pairs and ops uniformly")
  void sampleMasked() {
    boolean[] onlyNone = new boolean[8];
    onlyNone[0] = true;
    boolean[] sep = new boolean[8];
    sep[OPS8.indexOf("sep_conv_3x3")] = true;
    sep[OPS8.indexOf("dil_conv_5x5")] = true;
    Encoding enc = full(8)
        .withRow("normal", DartsOps.edgeIndex(3, 0), onlyNone)
        .withRow("normal", DartsOps.edgeIndex(3, 1), new boolean[8])
        .withRow("reduce", DartsOps.edgeIndex(1, 2), sep);
    SplittableRandom rng = new SplittableRandom(1);
    Map<List<Integer>, Integer> pairs = new LinkedHashMap<>();
    Map<String, Integer> opsOnEdge = new LinkedHashMap<>();
    int n = 3_000;
    for (int i = 0; i < n; i++) {
      DartsGenotype g = DartsGenotype.sample(enc, rng, OPS8);
      List<Gene> node3 = g.normal().subList(6, 8);
      for (Gene gene : node3) {
        assertTrue(gene.input() >= 2, gene::toString);
      }
      List<Gene> node1 = g.reduce().subList(2, 4);
      assertTrue(node1.get(0).input() < node1.get(1).input());
      pairs.merge(List.of(node1.get(0).input(), node1.get(1).input()), 1, Integer::sum);
      for (Gene gene : node1) {
        if (gene.input() == 2) {
          assertTrue(gene.op().equals("sep_conv_3x3") || gene.op().equals("dil_conv_5x5"), gene::toString);
          opsOnEdge.merge(gene.op(), 1, Integer::sum);
        }
      }
      for (List<Gene> cell : List.of(g.normal(), g.reduce())) {
        for (int k = 0; k < 8; k++) {
          Gene gene = cell.get(k);
          String group = cell == g.normal() ? "normal" : "reduce";
          int e = DartsOps.edgeIndex(k / 2, gene.input());
          assertTrue(enc.allowed(group, e, OPS8.indexOf(gene.op())), gene::toString);
        }
      }
    }
    assertEquals(Set.of(List.of(0, 1), List.of(0, 2), List.of(1, 2)), pairs.keySet());
    for (int c : pairs.values()) {
      assertTrue(Math.abs(c - n / 3.0) < 0.1 * n / 3.0, pairs::toString);
    }
    assertEquals(2, opsOnEdge.size());
    int both = opsOnEdge.values().stream().mapToInt(Integer::intValue).sum();
    for (int c : opsOnEdge.values()) {
      assertTrue(Math.abs(c - both / 2.0) < 0.1 * both / 2.0, opsOnEdge::toString);
    }
    Encoding starved = enc.withRow("normal", DartsOps.edgeIndex(3, 2), new boolean[8])
        .withRow("normal", DartsOps.edgeIndex(3, 3), onlyNone);
    String msg = assertThrows(InvalidArchitectureException.class,
        () -> DartsGenotype.sample(starved, new SplittableRandom(0), OPS8)).getMessage();
    assertTrue(msg.contains("node 3 of the normal cell has 1 input edge(s)"), msg);
    List<DartsGenotype> a = new ArrayList<>();
    List<DartsGenotype> b = new ArrayList<>();
    SplittableRandom r1 = new SplittableRandom(9);
    SplittableRandom r2 = new SplittableRandom(9);
    for (int i = 0; i < 10; i++) {
      a.add(DartsGenotype.sample(enc, r1, OPS8));
      b.add(DartsGenotype.sample(enc, r2, OPS8));
    }
    assertEquals(a, b);
  }
}
