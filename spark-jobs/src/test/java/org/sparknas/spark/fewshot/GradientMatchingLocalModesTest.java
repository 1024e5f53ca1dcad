package org.sparknas.spark.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.fewshot.EdgeCriterion;
import org.sparknas.core.strategy.fewshot.GradientDistance;
import org.sparknas.core.strategy.fewshot.GradientMatchingSettings;
import org.sparknas.core.strategy.fewshot.GradientMatchingSplitter;
import org.sparknas.core.strategy.fewshot.SplitDecision;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.spaces.nb201.Nb201Space;
import org.sparknas.spark.JobDescriptionsSeen;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.SparkSessions;

/**
 * One GM split of a tiny NB201 supernet (one cell, C=4) whose edges 0, 1, 2 and 4 are already split,
 * so 2 candidate edges x 3 repeats: LocalRunner, Spark local[1] and local[2] (Kryo with
 * registration required, items two at a time sharing one broadcast per edge) decide identically, and
 * every edge's batch runs as one Spark job named after it.
 */
@DisplayName("GM split: LocalRunner, local[1] and local[2] give the same SplitDecision")
class GradientMatchingLocalModesTest {
  private static final Nb201Space SPACE = new Nb201Space(4, 1, 1, new long[] {1, 8, 8}, 4);

  private static DataSource data() {
    return Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(120, 20, 4, 1, 8, 8, 1.0, 1.0)).withPortion(0.5).withSeed(4));
  }

  private static SplitDecision split(ParallelRunner runner) {
    Supernet parent = Supernet.create(SPACE, 17L);
    // weights for every op, as a trained parent has them
    parent.graph(Encoding.full(SPACE), BatchNormMode.TRAIN);
    parent.clearGraphs();
    Encoding enc = Encoding.full(SPACE);
    for (int edge : new int[] {0, 1, 2, 4}) {
      enc = enc.withRow("cell", edge, new boolean[] {false, true, true, false, false});
    }
    TrainSettings t = new TrainSettings(new TrainSettings.Schedule(1, 16, 0, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5), new TrainSettings.Scoring(0, 256), 1, 30);
    SearchContext ctx = new SearchContext(SPACE, data(), t, 1L, runner, MetricsSink.NONE);
    GradientMatchingSettings s = new GradientMatchingSettings(3, 16, EdgeCriterion.MAX_CUT, GradientDistance.COS,
        List.of());
    return new GradientMatchingSplitter(s).split(ctx, parent, enc, "fewshot/split-1/subnet-0", 99L);
  }

  private static SplitDecision onSpark(String master) {
    SparkSession spark = SparkSessions.getOrCreate(master, Map.of("spark.ui.enabled", "false",
        "spark.kryo.registrationRequired", "true", "spark.extraListeners", JobDescriptionsSeen.class.getName()));
    try {
      return split(new SparkRunner(SparkSessions.javaContext(spark)));
    } finally {
      spark.stop();
    }
  }

  private static void assertSame(SplitDecision expected, SplitDecision actual, String what) {
    assertEquals(expected.group(), actual.group(), what);
    assertEquals(expected.edge(), actual.edge(), what);
    assertEquals(expected.opGroups(), actual.opGroups(), what);
    assertEquals(expected.score(), actual.score(), what);
    assertEquals(expected.edgeScores(), actual.edgeScores(), what);
    for (int i = 0; i < expected.distances().length; i++) {
      assertArrayEquals(expected.distances()[i], actual.distances()[i], what + " distances row " + i);
    }
  }

  @Test
  @DisplayName("same edge, groups, scores and distances; one job per candidate edge")
  void sameDecision() {
    SplitDecision local = split(new LocalRunner());
    JobDescriptionsSeen.SEEN.clear();
    SplitDecision one = onSpark("local[1]");
    SplitDecision two = onSpark("local[2]");

    assertSame(one, two, "local[1] vs local[2]");
    assertSame(local, one, "LocalRunner vs local[1]");
    assertEquals(List.of("cell/3", "cell/5"), List.copyOf(local.edgeScores().keySet()), "the unsplit edges");
    assertTrue(local.edge() == 3 || local.edge() == 5, "an unsplit edge is chosen");
    assertEquals(2, local.opGroups().size());
    assertEquals(5, local.opGroups().get(0).size() + local.opGroups().get(1).size());
    List<String> perEdge = List.of("fewshot/split-1/subnet-0/gm/edge-3", "fewshot/split-1/subnet-0/gm/edge-5");
    List<String> twice = new java.util.ArrayList<>(perEdge);
    twice.addAll(perEdge);
    assertEquals(twice, JobDescriptionsSeen.SEEN);
  }
}
