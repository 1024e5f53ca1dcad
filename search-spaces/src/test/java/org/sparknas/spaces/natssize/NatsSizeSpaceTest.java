package org.sparknas.spaces.natssize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.InvalidArchitectureException;

/** The NATS-Bench size space: 32,768 architectures, its strings, blocks and fair sampling. */
class NatsSizeSpaceTest {
  private static final NatsSizeSpace SPACE = new NatsSizeSpace(NatsSizeSettings.REFERENCE, new long[] {3, 32, 32}, 10);

  @Test
  @DisplayName("32,768 architectures, each string distinct and parsed back to the same architecture and index")
  void allArchitectures() {
    assertEquals(32_768L, NatsSizeSettings.REFERENCE.count());
    Set<String> strings = new HashSet<>();
    for (long i = 0; i < 32_768L; i++) {
      NatsSizeArchitecture a = NatsSizeArchitecture.ofIndex(NatsSizeSettings.REFERENCE, i);
      NatsSizeArchitecture back = SPACE.parse(a.canonical());
      assertEquals(a, back);
      assertEquals(i, back.index());
      assertEquals(a, SPACE.architecture(a.blockPaths()));
      strings.add(a.canonical());
    }
    assertEquals(32_768, strings.size());
    assertEquals("8:8:8:8:8", NatsSizeArchitecture.ofIndex(NatsSizeSettings.REFERENCE, 0).canonical());
    assertEquals("64:64:64:64:64", NatsSizeArchitecture.ofIndex(NatsSizeSettings.REFERENCE, 32_767).canonical());
  }

  @Test
  @DisplayName("blocks group the widths [c1 c2] [c3 c4] [c5] (CIFAR-10) or [c1 c2] [c3] [c4 c5] (CIFAR-100)")
  void blocks() {
    NatsSizeArchitecture a = SPACE.parse("64:32:16:48:8");
    assertEquals(List.of(BlockPath.parse("73"), BlockPath.parse("15"), BlockPath.parse("0")), a.blockPaths());
    NatsSizeSpace c100 = new NatsSizeSpace(new NatsSizeSettings(NatsSizeSettings.REFERENCE.widths(), List.of(2, 1, 2), 2048), new long[] {3, 32, 32}, 100);
    assertEquals(List.of(BlockPath.parse("73"), BlockPath.parse("1"), BlockPath.parse("50")),
        c100.parse("64:32:16:48:8").blockPaths());
    assertEquals(64, SPACE.candidates(0, List.of()).size());
    assertEquals(8, SPACE.candidates(2, List.of(BlockPath.parse("73"), BlockPath.parse("15"))).size());
    assertEquals(8, c100.candidates(1, List.of(BlockPath.parse("73"))).size());
    assertEquals(List.of(true, true, true), List.of(a.encoding().allowed("block0", 0, 7),
        a.encoding().allowed("block0", 1, 3), a.encoding().allowed("block2", 0, 0)));
  }

  @Test
  @DisplayName("macro layers: cell, ResNet block, cell, ResNet block, cell; the stem has the first width")
  void layers() {
    List<NatsSizeLayer> layers = SPACE.parse("64:32:16:48:8").layers();
    assertEquals(List.of(false, true, false, true, false), layers.stream().map(NatsSizeLayer::residual).toList());
    assertEquals(List.of(64, 64, 32, 16, 48), layers.stream().map(NatsSizeLayer::inWidth).toList());
    assertEquals(List.of(64, 32, 16, 48, 8), layers.stream().map(NatsSizeLayer::outWidth).toList());
    assertEquals(2, layers.get(3).stride());
    assertEquals(2048, SPACE.neckWidth(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"64:32:16:48", "64:32:16:48:9", "64:32:16:48:08", "64:32:16:48: 8", "64:32:16:48:+8",
      "64:32:16:48:8:", ""})
  @DisplayName("bad strings fail")
  void badStrings(String s) {
    InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class, () -> SPACE.parse(s));
    assertTrue(e.getMessage().contains("NATS-size string"), e.getMessage());
  }

  @Test
  @DisplayName("fair sampling of 8 paths: every width once per layer; reproducible")
  void fairSampling() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int trial = 0; trial < 50; trial++) {
      List<BlockPath> paths = SPACE.samplePaths(0, List.of(), 8, rng);
      for (int l = 0; l < 2; l++) {
        int layer = l;
        assertEquals(8, paths.stream().map(p -> p.op(layer)).distinct().count());
      }
    }
    assertEquals(SPACE.samplePaths(1, List.of(BlockPath.parse("73")), 8, new SplittableRandom(1)),
        SPACE.samplePaths(1, List.of(BlockPath.parse("73")), 8, new SplittableRandom(1)));
    assertFalse(SPACE.samplePaths(0, List.of(), 8, new SplittableRandom(1))
        .equals(SPACE.samplePaths(0, List.of(), 8, new SplittableRandom(2))));
  }

  @Test
  @DisplayName("settings that do not describe 5 layers or ascending widths fail naming the key")
  void badSettings() {
    assertEquals("nas.space.nats-size.blocks", assertThrows(ConfigException.class,
        () -> new NatsSizeSettings(List.of(8, 16), List.of(2, 2), 16)).key());
    assertEquals("nas.space.nats-size.widths", assertThrows(ConfigException.class,
        () -> new NatsSizeSettings(List.of(16, 8), List.of(2, 2, 1), 16)).key());
  }
}
