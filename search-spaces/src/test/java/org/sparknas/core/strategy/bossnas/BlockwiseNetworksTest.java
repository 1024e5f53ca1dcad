package org.sparknas.core.strategy.bossnas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Network;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.spaces.hytra.HytraOp;
import org.sparknas.spaces.hytra.HytraSettings;
import org.sparknas.spaces.hytra.HytraSpace;
import org.sparknas.spaces.mbconv.MbconvSettings;
import org.sparknas.spaces.mbconv.MbconvSpace;
import org.sparknas.spaces.natssize.NatsSizeSettings;
import org.sparknas.spaces.natssize.NatsSizeSpace;

/**
 * The three block-wise spaces' networks at test scale on 8x8 images: every block's online and target
 * networks of sampled candidates run a training pass and give gradients of the right shapes, their
 * single-path classifiers give logits, and a one-epoch-per-block search runs on HyTra and MBConv.
 */
class BlockwiseNetworksTest {
  private static final long[] SHAPE = {1, 8, 8};

  static Stream<BlockwiseSpace> spaces() {
    return Stream.of(
        new NatsSizeSpace(new NatsSizeSettings(List.of(4, 8), List.of(2, 2, 1), 8), SHAPE, 4),
        new MbconvSpace(new MbconvSettings(8, 1, 0.25, List.of(1, 1, 1, 1, 1)), SHAPE, 4),
        new HytraSpace(new HytraSettings(8, 1, 1.0 / 32, 4, 2), SHAPE, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spaces")
  @DisplayName("every block's candidates train: finite loss, a gradient for every weight of the block and its head")
  void candidatesTrain(BlockwiseSpace space) {
    BossnasSettings s = BossnasSearchFixture.settings(Map.of());
    SupernetParameters online = SupernetParameters.empty(1);
    SupernetParameters target = SupernetParameters.empty(1);
    SplittableRandom random = new SplittableRandom(3);
    List<BlockPath> chosen = new ArrayList<>();
    INDArray v1 = GradCheck.uniform(DataType.FLOAT, 1, 6, SHAPE[0], SHAPE[1], SHAPE[2]);
    INDArray v2 = GradCheck.uniform(DataType.FLOAT, 2, 6, SHAPE[0], SHAPE[1], SHAPE[2]);
    for (int b = 0; b < space.blocks(); b++) {
      List<BlockPath> candidates = space.candidates(b, chosen);
      BlockPath path = candidates.get(random.nextInt(candidates.size()));
      SiameseEngine.ensure(space, s, online, target, chosen, path);
      SiameseEngine e = SiameseEngine.forThread(space, s, online, target);
      INDArray z1 = BootstrapLoss.normalizeRows(e.targetProjection(chosen, path, v1));
      INDArray z2 = BootstrapLoss.normalizeRows(e.targetProjection(chosen, path, v2));
      assertArrayEquals(new long[] {6, 8}, z1.shape());
      PathGradients g = e.onlineGradients(chosen, path, v1, v2, new ProjectionPair(z1, z2), List.of());
      assertTrue(Double.isFinite(g.loss()) && Math.abs(g.loss()) <= 4, space.name() + " block " + b + ": " + g.loss());
      Network online1 = BlockNetworks.prediction(space, chosen, path, s);
      for (String n : online1.weights().keySet()) {
        if (n.startsWith("block" + b + "/") || n.startsWith("neck" + b + "/") || n.startsWith("predictor" + b + "/")) {
          assertTrue(g.gradients().containsKey(n), space.name() + " block " + b + ": no gradient for " + n);
          assertArrayEquals(online.weights().get(n).shape(), g.gradients().get(n).shape(), n);
        }
      }
      chosen.add(path);
    }
    Network classifier = space.network(space.architecture(chosen).encoding());
    assertEquals(4, classifier.classes());
    assertEquals(space.architecture(chosen), space.parse(space.architecture(chosen).canonical()));
    assertEquals(chosen, space.paths(space.architecture(chosen).encoding()), "paths of a single-path encoding");
    assertEquals(space.blocks(), space.paths(space.sample(Encoding.full(space), random).encoding()).size());
  }

  @Test
  @DisplayName("one epoch per block on HyTra (2 layers per block) and MBConv ends in a valid architecture")
  void searchesHytraAndMbconv() {
    spaces().skip(1).forEach(space -> {
      BossnasSettings s = BossnasSearchFixture.settings(Map.of("nas.bossnas.epochs-per-block", "1",
          "nas.bossnas.warmup-epochs", "0"));
      SearchContext ctx = new SearchContext(space, BossnasSearchFixture.data(), BossnasSearchFixture.train(1), 5,
          new LocalRunner(), MetricsSink.NONE, Checkpoints.NONE);
      SearchResult r = new BossnasSearch(s).search(ctx);
      List<BlockPath> paths = space.parse(r.architecture()).blockPaths();
      assertEquals(space.blocks(), paths.size(), space.name());
      List<Integer> rows = new ArrayList<>();
      paths.forEach(p -> Arrays.stream(p.ops()).forEach(op -> rows.add(space instanceof HytraSpace
          ? HytraOp.of(op).level() : op)));
      assertEquals(rows, ((Map<?, ?>) r.details().get("path_drawing")).get("rows"),
          space.name() + ": HyTra's path is drawn on resolution levels, MBConv's as op digits");
    });
  }
}
