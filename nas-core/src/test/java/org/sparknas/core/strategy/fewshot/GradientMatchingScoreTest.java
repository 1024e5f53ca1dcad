package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.TinySpace;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.TrainSettings;

/**
 * The GM score on TinySpace with real ND4J gradients. Edge 0 is fixed to a 3x3 conv (its weights are
 * the shared ones when edge 1 is split); edge 1's conv is planted as the negated identity, so the skip
 * and conv children send the shared conv's gradient in opposite directions while average pooling
 * (nearly the identity on the pooled features) agrees with skip.
 */
@DisplayName("GM score on a tiny real supernet: direct computation, planted conflict, seeds and cache")
class GradientMatchingScoreTest {
  private static final TinySpace SPACE = new TinySpace();
  private static final int NONE = 0;
  private static final int SKIP = 1;
  private static final int CONV = 2;
  private static final int POOL = 3;

  private static DataSource data() {
    return Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(200, 20, 3, 2, 4, 4, 1.0, 1.0)).withPortion(0.5).withSeed(5));
  }

  private static SearchContext context(DataSource data) {
    TrainSettings t = new TrainSettings(new TrainSettings.Schedule(1, 16, 0, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5), new TrainSettings.Scoring(0, 256), 1, 30);
    return new SearchContext(SPACE, data, t, 1L, new LocalRunner(), MetricsSink.NONE);
  }

  /** Edge 0 allows only the conv; edge 1 is unsplit. */
  private static Encoding edge0Conv() {
    return Encoding.full(SPACE).withRow(TinySpace.GROUP, 0, new boolean[] {false, false, true, false});
  }

  /** A supernet with edge 1's conv planted as minus the identity and a small classifier. */
  private static Supernet planted(long seed) {
    Supernet net = Supernet.create(SPACE, seed);
    net.graph(Encoding.full(SPACE), BatchNormMode.TRAIN);
    INDArray w = Nd4j.zeros(DataType.FLOAT, 3, 3, TinySpace.C, TinySpace.C);
    for (int c = 0; c < TinySpace.C; c++) {
      w.putScalar(new long[] {1, 1, c, c}, -1f);
    }
    net.parameters().weights().get("edge1/conv_3x3/conv/w").assign(w);
    net.parameters().weights().get("head/fc/w").muli(0.01);
    net.clearGraphs();
    return net;
  }

  private static GradientMatchingSettings settings(int repeats) {
    return new GradientMatchingSettings(repeats, 16, EdgeCriterion.MAX_CUT, GradientDistance.COS, List.of());
  }

  @Test
  @DisplayName("one repeat: symmetric, zero diagonal, equal to cosines of gradients computed directly")
  void oneRepeatEqualsDirect() {
    DataSource data = data();
    Supernet net = planted(3L);
    Encoding enc = edge0Conv();
    GradientMatchingScore.Work work = GradientMatchingScore.work(net, enc, data, 16, GradientDistance.COS);
    GradientMatchingScore.Item item = new GradientMatchingScore.Item(TinySpace.GROUP, 1, 0, 42L);
    double[][] d = GradientMatchingScore.distances(work, item);

    Batch batch = GradientMatchingScore.batch(work, 42L);
    List<INDArray> grads = new ArrayList<>();
    for (int op = 0; op < 4; op++) {
      boolean[] row = new boolean[4];
      row[op] = true;
      Supernet fresh = new Supernet(SPACE, net.parameters().copy());
      Pass p = fresh.graph(enc.withRow(TinySpace.GROUP, 1, row), BatchNormMode.TRAIN)
          .forwardBackward(batch.features(), batch.labels(), List.of("edge0/conv_3x3/conv/w"));
      // under `none` the edge-0 conv reaches no loss: a zero gradient
      grads.add(p.gradients().getOrDefault("edge0/conv_3x3/conv/w",
          Nd4j.zeros(DataType.FLOAT, 3, 3, TinySpace.C, TinySpace.C)).castTo(DataType.DOUBLE).ravel());
    }
    assertEquals(0.0, grads.get(NONE).norm2Number().doubleValue());
    for (int i = 0; i < 4; i++) {
      assertEquals(0.0, d[i][i], "diagonal");
      for (int j = 0; j < 4; j++) {
        assertEquals(d[j][i], d[i][j], "symmetric");
        if (i != j) {
          double direct = 1 - grads.get(i).mul(grads.get(j)).sumNumber().doubleValue()
              / (grads.get(i).norm2Number().doubleValue() * grads.get(j).norm2Number().doubleValue() + 1e-6);
          assertEquals(direct, d[i][j], 1e-5, "d[" + i + "][" + j + "]");
        }
      }
    }
  }

  @Test
  @DisplayName("planted conflict: skip and conv push the shared conv apart and land in different groups")
  void plantedConflictIsSplit() {
    DataSource data = data();
    SplitDecision d = new GradientMatchingSplitter(settings(8))
        .split(context(data), planted(3L), edge0Conv(), "test/split-1/subnet-0", 11L);

    assertEquals(TinySpace.GROUP, d.group());
    assertEquals(1, d.edge(), "edge 0 is already split, edge 1 is the only candidate");
    // cosine < 0 (distance > 1): the conv child pushes the shared conv against skip and pool, which agree
    assertTrue(d.distances()[SKIP][CONV] > 1, "skip vs conv " + d.distances()[SKIP][CONV]);
    assertTrue(d.distances()[POOL][CONV] > 1, "pool vs conv " + d.distances()[POOL][CONV]);
    assertTrue(d.distances()[SKIP][POOL] < 1, "skip vs pool " + d.distances()[SKIP][POOL]);
    // `none` leaves the shared conv without gradient: orthogonal to all (distance 1)
    assertEquals(1.0, d.distances()[NONE][SKIP], 1e-12);
    assertEquals(List.of(List.of(NONE, CONV), List.of(SKIP, POOL)), d.opGroups(), java.util.Arrays.deepToString(
        d.distances()));
    assertEquals(Map.of("edge/1", d.score()), d.edgeScores());
    double cross = 0;
    for (int i : List.of(NONE, CONV)) {
      for (int j : List.of(SKIP, POOL)) {
        cross += d.distances()[i][j];
      }
    }
    assertEquals(cross, d.score(), 1e-12, "max-cut score is the cut distance");
  }

  @Test
  @DisplayName("same seed, same decision; another seed draws other batches")
  void seeded() {
    DataSource data = data();
    GradientMatchingSplitter gm = new GradientMatchingSplitter(settings(3));
    SplitDecision a = gm.split(context(data), planted(3L), Encoding.full(SPACE), "test/a", 7L);
    SplitDecision b = gm.split(context(data), planted(3L), Encoding.full(SPACE), "test/b", 7L);
    SplitDecision c = gm.split(context(data), planted(3L), Encoding.full(SPACE), "test/c", 8L);
    assertEquals(a.edge(), b.edge());
    assertEquals(a.opGroups(), b.opGroups());
    assertArrayEquals(a.distances(), b.distances());
    assertEquals(a.edgeScores(), b.edgeScores());
    assertEquals(List.of("edge/0", "edge/1"), List.copyOf(a.edgeScores().keySet()));
    assertNotEquals(a.edgeScores(), c.edgeScores());
  }

  @Test
  @DisplayName("a thread's cached graphs never serve a different parent: results equal a cold thread's")
  void cacheFollowsContent() throws Exception {
    DataSource data = data();
    Encoding enc = edge0Conv();
    GradientMatchingScore.Item item = new GradientMatchingScore.Item(TinySpace.GROUP, 1, 0, 9L);
    GradientMatchingScore.Work first = GradientMatchingScore.work(planted(3L), enc, data, 16, GradientDistance.COS);
    GradientMatchingScore.Work second = GradientMatchingScore.work(planted(4L), enc, data, 16, GradientDistance.COS);
    assertNotEquals(first.fingerprint(), second.fingerprint());
    assertEquals(first.fingerprint(),
        GradientMatchingScore.work(planted(3L), enc, data, 16, GradientDistance.COS).fingerprint());

    GradientMatchingScore.distances(first, item);
    double[][] warm = GradientMatchingScore.distances(second, item);
    AtomicReference<double[][]> cold = new AtomicReference<>();
    Thread t = new Thread(() -> cold.set(GradientMatchingScore.distances(second, item)));
    t.start();
    t.join();
    assertArrayEquals(cold.get(), warm);
    assertNotEquals(GradientMatchingScore.distances(first, item)[SKIP][CONV], warm[SKIP][CONV]);
  }
}
