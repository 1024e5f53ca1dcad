package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.PathSampler;
import org.sparknas.spaces.darts.DartsOps;
import org.sparknas.spaces.nb201.Nb201Architecture;

class PathSamplerTest {

  private static boolean[][] ones(int edges, int ops) {
    boolean[][] rows = new boolean[edges][ops];
    for (boolean[] r : rows) {
      Arrays.fill(r, true);
    }
    return rows;
  }

  @Test
  @DisplayName("samplePath: one allowed op per edge in every group, dropped edges stay dropped")
  void darts() {
    Map<String, boolean[][]> m = new LinkedHashMap<>();
    m.put(DartsOps.NORMAL, ones(14, 7));
    m.put(DartsOps.REDUCE, ones(14, 7));
    Encoding enc = Encoding.of(m)
        .withRow(DartsOps.REDUCE, 3, new boolean[] {false, true, false, false, false, true, false})
        .withRow(DartsOps.NORMAL, 9, new boolean[7]);
    SplittableRandom rng = new SplittableRandom(4);
    int[][] counts = new int[14][7];
    for (int i = 0; i < 1_400; i++) {
      Encoding path = PathSampler.samplePath(enc, rng);
      assertEquals(enc.groups(), path.groups());
      for (String g : enc.groups()) {
        assertEquals(7, path.opCount(g));
        for (int e = 0; e < 14; e++) {
          int[] ops = path.allowedOps(g, e);
          if (g.equals(DartsOps.NORMAL) && e == 9) {
            assertEquals(0, ops.length);
            continue;
          }
          assertEquals(1, ops.length, g + " edge " + e);
          assertTrue(enc.allowed(g, e, ops[0]));
          if (g.equals(DartsOps.REDUCE)) {
            counts[e][ops[0]]++;
          }
        }
      }
    }
    assertTrue(Math.abs(counts[3][1] - 700) < 70 && counts[3][1] + counts[3][5] == 1_400, Arrays.toString(counts[3]));
    for (int o = 0; o < 7; o++) {
      assertTrue(Math.abs(counts[0][o] - 200) < 50, Arrays.toString(counts[0]));
    }
  }

  @Test
  @DisplayName("samplePath is reproducible with a seed and yields NB201 single paths")
  void reproducible() {
    Encoding enc = Encoding.of(Map.of("cell", ones(6, 5)))
        .withRow("cell", 2, new boolean[] {false, false, true, true, false});
    SplittableRandom r1 = new SplittableRandom(77);
    SplittableRandom r2 = new SplittableRandom(77);
    boolean differs = false;
    Encoding first = null;
    for (int i = 0; i < 50; i++) {
      Encoding a = PathSampler.samplePath(enc, r1);
      assertEquals(a, PathSampler.samplePath(enc, r2));
      Nb201Architecture arch = Nb201Architecture.fromPath(a);
      assertTrue(arch.op(2) == 2 || arch.op(2) == 3, arch::canonical);
      assertEquals(a, arch.encoding());
      first = first == null ? a : first;
      differs |= !a.equals(first);
    }
    assertTrue(differs);
  }
}
