package org.sparknas.spaces.hytra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.InvalidArchitectureException;

/** HyTra strings, geometry and training-path sampling. */
class HytraArchitectureTest {
  private static final String T0 = "5433 3230 0010 0000";   // BossNet-T0, specs/algorithms.md B.7
  private static final HytraSpace SPACE = new HytraSpace(new HytraSettings(32, 1, 0.0625, 8, 4), new long[] {3, 32, 32}, 10);

  @Test
  @DisplayName("BossNet-T0 parses, prints back and has one one-hot row per layer")
  void roundTrip() {
    HytraArchitecture a = SPACE.parse(T0);
    assertEquals(T0, a.canonical());
    assertEquals(a, SPACE.architecture(a.blockPaths()));
    assertEquals(List.of("block0", "block1", "block2", "block3"), a.encoding().groups());
    assertEquals(1, a.encoding().allowedOps("block1", 2).length);
    assertEquals(3, a.encoding().allowedOps("block1", 2)[0]);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "5433 3230 0010|needs 4 block paths",
      "5433  3230 0010 0000|got 5 in",
      "5433 3230 0010 000a|character 'a' at position 3",
      "5433 3230 0010 0006|unknown HyTra op 6",
      "'5433 3230 0010 '|block 3 of HyTra string",
      "5433 3230 0010 00000|block 3 '00000' has 5 layers",
      "5433 3240 0010 0000|block 1 '3240' layer 2: op 4 (ResConv@L2) follows level 1",
      "5533 3230 0010 0000|block 0 '5533' layer 2: op 3 (ResConv@L1) follows level 3",
      "5555 5432 1000 0000|block 1 '5432' layer 0: op 5 (ResConv@L3) is not instantiated in block 1",
      "5420 2200 0000 0000|block 1 '2200' layer 0: op 2 (ResAtt@L1) follows level 0",
  })
  @DisplayName("bad strings fail with a message naming the block and layer")
  void badStrings(String s, String expected) {
    InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class, () -> SPACE.parse(s));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  @DisplayName("a string with a different layer count than the space's is refused by the space")
  void layerCountOfTheSpace() {
    HytraSpace twoLayers = new HytraSpace(new HytraSettings(32, 1, 0.0625, 8, 2), new long[] {3, 32, 32}, 10);
    InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class, () -> twoLayers.parse(T0));
    assertTrue(e.getMessage().contains("nas.space.hytra.layers"), e.getMessage());
    assertEquals("54 33 10 00", twoLayers.parse("54 33 10 00").canonical());
  }

  @Test
  @DisplayName("reference geometry: 56..7 at 256..2048 channels, 4 and 8 heads of 64; scaled: input/1..input/8")
  void geometry() {
    HytraSettings ref = new HytraSettings(224, 4, 1.0, 64, 4);
    assertEquals(List.of(7, 14, 28, 56), List.of(ref.resolution(0), ref.resolution(1), ref.resolution(2), ref.resolution(3)));
    assertEquals(List.of(2048, 1024, 512, 256), List.of(ref.width(0), ref.width(1), ref.width(2), ref.width(3)));
    assertEquals(8, ref.heads(0));
    assertEquals(4, ref.heads(1));
    assertEquals(64, ref.stemWidth());
    assertEquals(2048, ref.neckWidth());
    assertEquals(128, SPACE.neckWidth(2));

    HytraSettings small = SPACE.settings();
    assertEquals(List.of(4, 8, 16, 32), List.of(small.resolution(0), small.resolution(1), small.resolution(2),
        small.resolution(3)));
    assertEquals(List.of(128, 64, 32, 16), List.of(small.width(0), small.width(1), small.width(2), small.width(3)));
    assertEquals(4, small.heads(0));
    assertEquals(2, small.heads(1));
    HytraSettings mnist = new HytraSettings(28, 1, 0.0625, 8, 4);
    assertEquals(List.of(4, 7, 14, 28), List.of(mnist.resolution(0), mnist.resolution(1), mnist.resolution(2),
        mnist.resolution(3)));
    assertThrows(IllegalArgumentException.class, () -> small.heads(2));
  }

  @Test
  @DisplayName("settings that cannot be built fail naming the key")
  void badSettings() {
    assertEquals("nas.space.hytra.head-dim", assertThrows(ConfigException.class,
        () -> new HytraSettings(32, 1, 0.0625, 3, 4)).key());
    assertEquals("nas.space.hytra.stem-stride", assertThrows(ConfigException.class,
        () -> new HytraSettings(32, 3, 0.0625, 8, 4)).key());
    assertEquals("nas.space.hytra.width-multiplier", assertThrows(ConfigException.class,
        () -> new HytraSettings(32, 1, 0, 8, 4)).key());
  }

  @Test
  @DisplayName("layer geometry of T0's first block: stem in, stay, halve, halve, stay")
  void layers() {
    List<HytraLayer> layers = SPACE.layers(SPACE.parse(T0).blockPaths().subList(0, 1));
    assertEquals(4, layers.size());
    HytraLayer first = layers.get(0);
    assertEquals(HytraOp.RES_CONV_3, first.op());
    assertEquals(SPACE.settings().stemWidth(), first.inWidth());
    assertEquals(32, first.inResolution());
    assertFalse(first.downsamples());
    assertEquals(List.of(false, true, true, false), layers.stream().map(HytraLayer::downsamples).toList());
    HytraLayer third = layers.get(2);
    assertEquals(32, third.inWidth());
    assertEquals(64, third.outWidth());
    assertEquals(16, third.inResolution());
    assertEquals(8, third.outResolution());
    assertEquals(16, SPACE.layers(SPACE.parse(T0).blockPaths()).size());
  }

  @Test
  @DisplayName("training paths: K distinct candidates, reproducible from the seed, every candidate equally often")
  void sampling() {
    List<BlockPath> candidates = SPACE.candidates(0, List.of());
    assertEquals(SPACE.samplePaths(0, List.of(), 4, new SplittableRandom(7)),
        SPACE.samplePaths(0, List.of(), 4, new SplittableRandom(7)));
    Map<BlockPath, Integer> counts = new HashMap<>();
    SplittableRandom rng = new SplittableRandom(11);
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      List<BlockPath> step = SPACE.samplePaths(0, List.of(), 4, rng);
      assertEquals(4, step.size());
      assertEquals(4, step.stream().distinct().count());
      step.forEach(p -> counts.merge(p, 1, Integer::sum));
    }
    assertEquals(candidates.size(), counts.size());
    double expected = draws * 4.0 / candidates.size();
    counts.forEach((p, n) -> assertEquals(expected, n, 0.15 * expected, p.toString()));
    List<BlockPath> chosen = List.of(BlockPath.parse("5433"), BlockPath.parse("3230"), BlockPath.parse("0010"));
    assertEquals(4, SPACE.samplePaths(3, chosen, 4, rng).size());
  }
}
