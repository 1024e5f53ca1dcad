package org.sparknas.spaces.mbconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.InvalidArchitectureException;

/** The MBConv ranking space: strings, candidate sets, fair sampling, geometry. */
class MbconvSpaceTest {
  private static final String BEST = "11 0110 0111 1100 0110";   // the reference's best path, B.8
  private static final MbconvSpace REFERENCE = new MbconvSpace(new MbconvSettings(224, 2, 1.0, List.of(2, 4, 4, 4, 4)), new long[] {3, 224, 224}, 1000);

  @Test
  @DisplayName("the reference's best path parses and prints back; 16 candidates in block 0, 256 in the others")
  void roundTripAndCandidates() {
    MbconvArchitecture a = REFERENCE.parse(BEST);
    assertEquals(BEST, a.canonical());
    assertEquals(a, REFERENCE.architecture(a.blockPaths()));
    assertEquals(MbconvOp.MB6_5X5, MbconvOp.of(a.blockPaths().get(0).op(0)));
    assertEquals("MB6_5x5_se0.25", MbconvOp.MB6_5X5.canonicalName());
    assertEquals(16, REFERENCE.candidates(0, List.of()).size());
    List<BlockPath> block1 = REFERENCE.candidates(1, a.blockPaths().subList(0, 1));
    assertEquals(256, block1.size());
    assertEquals(256, new HashSet<>(block1).size());
    assertEquals(BlockPath.parse("0000"), block1.get(0));
    assertEquals(BlockPath.parse("0001"), block1.get(1));
    assertEquals(BlockPath.parse("3333"), block1.get(255));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "11 0110 0111 1100|needs 5 block paths",
      "11 0110 0111 1100 0140|unknown op 4",
      "11 0110 0111 1100 011|block 4 '011' has 3 layers",
      "110 0110 0111 1100 0110|block 0 '110' has 3 layers, the space (nas.space.mbconv.layers) has 2",
      "11 0110 0111 1100 01x0|character 'x' at position 2",
  })
  @DisplayName("bad strings fail naming the block")
  void badStrings(String s, String expected) {
    InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class, () -> REFERENCE.parse(s));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  @DisplayName("fair sampling: every op exactly once per layer in each round of 4 paths; reproducible; K must be a multiple of 4")
  void fairSampling() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      List<BlockPath> paths = REFERENCE.samplePaths(2, List.of(BlockPath.parse("11"), BlockPath.parse("0110")), 8, rng);
      assertEquals(8, paths.size());
      for (int round = 0; round < 2; round++) {
        for (int l = 0; l < 4; l++) {
          boolean[] seen = new boolean[4];
          for (BlockPath p : paths.subList(4 * round, 4 * round + 4)) {
            assertFalse(seen[p.op(l)], "op " + p.op(l) + " twice at layer " + l);
            seen[p.op(l)] = true;
          }
        }
      }
    }
    assertEquals(REFERENCE.samplePaths(0, List.of(), 4, new SplittableRandom(9)),
        REFERENCE.samplePaths(0, List.of(), 4, new SplittableRandom(9)));
    assertThrows(IllegalArgumentException.class, () -> REFERENCE.samplePaths(0, List.of(), 6, rng));
  }

  @Test
  @DisplayName("reference geometry: widths 24..192, 112x112 stem, 56..7 outputs; expansion, SE and the down-sampling shortcut")
  void geometry() {
    MbconvSettings s = REFERENCE.settings();
    assertEquals(List.of(24, 40, 80, 112, 192), List.of(s.width(0), s.width(1), s.width(2), s.width(3), s.width(4)));
    assertEquals(112, s.stemResolution());
    assertEquals(List.of(56, 28, 14, 14, 7), List.of(s.resolution(0), s.resolution(1), s.resolution(2),
        s.resolution(3), s.resolution(4)));
    assertEquals(16, s.stemOutWidth());
    assertEquals(320, s.lastWidth());
    assertEquals(80, REFERENCE.neckWidth(2));
    List<MbconvLayer> layers = REFERENCE.layers(REFERENCE.parse(BEST).blockPaths());
    assertEquals(18, layers.size());
    MbconvLayer first = layers.get(0);               // 16 -> 24, stride 2, MB6_5x5
    assertEquals(16, first.inWidth());
    assertEquals(24, first.outWidth());
    assertEquals(96, first.expandedWidth());
    assertEquals(4, first.seWidth());
    assertTrue(first.poolsShortcut() && first.projectsShortcut());
    MbconvLayer second = layers.get(1);               // 24 -> 24, stride 1: identity residual
    assertFalse(second.poolsShortcut() || second.projectsShortcut());
    assertEquals(24 * 6, second.expandedWidth());
    MbconvLayer block3 = layers.get(2 + 4 + 4);       // 80 -> 112 at stride 1: projection, no pooling
    assertEquals(3, block3.block());
    assertFalse(block3.poolsShortcut());
    assertTrue(block3.projectsShortcut());
    assertEquals(MbconvOp.MB6_5X5, block3.op());
    assertEquals(7, layers.get(17).outResolution());
  }

  @Test
  @DisplayName("scaled down: widths round to multiples of 8, a 32x32 input ends at 2x2")
  void scaled() {
    MbconvSettings s = new MbconvSettings(32, 1, 0.25, List.of(1, 2, 2, 2, 2));
    assertEquals(List.of(8, 16, 24, 32, 48), List.of(s.width(0), s.width(1), s.width(2), s.width(3), s.width(4)));
    assertEquals(2, s.resolution(4));
    assertEquals(4, new MbconvSpace(s, new long[] {3, s.inputSize(), s.inputSize()}, 10).candidates(0, List.of()).size());
    assertEquals("nas.space.mbconv.layers", assertThrows(ConfigException.class,
        () -> new MbconvSettings(32, 1, 0.25, List.of(1, 2, 2, 2))).key());
  }
}
