package org.sparknas.core.strategy.bossnas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockPathSampling;

/** The population-centre rating (specs/algorithms.md B.5): by hand, on a planted case, and as two passes of tasks. */
class PopulationCentreTest {
  private static final List<BlockPath> CANDIDATES = BlockPathSampling.all(2, 4);   // 16 paths
  private static final BlockPath PLANTED = BlockPath.parse("21");

  /**
   * Every candidate's target projections are random and scattered; each candidate predicts its own
   * target perfectly (cross-view, as a trained BYOL predictor would), except the planted one, which
   * predicts the population centre up to small noise. Rating towards the centre must pick the planted
   * path although the others fit their own targets exactly.
   */
  static final class PlantedModel implements RatingModel<BlockPath> {
    private static final long serialVersionUID = 1L;
    private static final int BATCHES = 3;
    private static final int N = 8;
    private static final int D = 16;

    private final List<List<ProjectionPair>> targets = new ArrayList<>();
    private final List<List<ProjectionPair>> predictions = new ArrayList<>();

    PlantedModel() {
      SplittableRandom rng = new SplittableRandom(42);
      for (int c = 0; c < CANDIDATES.size(); c++) {
        List<ProjectionPair> t = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
          t.add(new ProjectionPair(BootstrapLossTest.random(rng, N, D), BootstrapLossTest.random(rng, N, D)));
        }
        targets.add(t);
      }
      List<ProjectionPair> centre = PopulationCentre.centre(targets);
      for (int c = 0; c < CANDIDATES.size(); c++) {
        List<ProjectionPair> p = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
          ProjectionPair fit = CANDIDATES.get(c).equals(PLANTED) ? centre.get(b) : targets.get(c).get(b);
          INDArray noise1 = BootstrapLossTest.random(rng, N, D).muli(0.02);
          INDArray noise2 = BootstrapLossTest.random(rng, N, D).muli(0.02);
          p.add(new ProjectionPair(fit.view2().add(noise1), fit.view1().add(noise2)));   // predict the other view
        }
        predictions.add(p);
      }
    }

    @Override
    public List<ProjectionPair> targetProjections(BlockPath path) {
      return targets.get(CANDIDATES.indexOf(path));
    }

    @Override
    public List<ProjectionPair> onlinePredictions(BlockPath path) {
      return predictions.get(CANDIDATES.indexOf(path));
    }

    List<List<ProjectionPair>> targets() {
      return targets;
    }

    List<List<ProjectionPair>> predictions() {
      return predictions;
    }
  }

  private static INDArray m(double[][] rows) {
    return Nd4j.createFromArray(rows);
  }

  @Test
  @DisplayName("centre and score by hand: the centre of (2,0) and (0,2) is (1,1); a prediction along it scores -4")
  void byHand() {
    List<ProjectionPair> a = List.of(new ProjectionPair(m(new double[][] {{2, 0}}), m(new double[][] {{4, 0}})));
    List<ProjectionPair> b = List.of(new ProjectionPair(m(new double[][] {{0, 2}}), m(new double[][] {{0, -2}})));
    List<ProjectionPair> centre = PopulationCentre.centre(List.of(a, b));
    assertArrayEquals(new double[] {1, 1}, centre.get(0).view1().toDoubleVector(), 0);
    assertArrayEquals(new double[] {2, -1}, centre.get(0).view2().toDoubleVector(), 0);
    // view-1 prediction against centre view 2 (2,-1); view-2 prediction against centre view 1 (1,1)
    List<ProjectionPair> onCentre = List.of(new ProjectionPair(m(new double[][] {{4, -2}}), m(new double[][] {{3, 3}})));
    assertEquals(-4.0, PopulationCentre.score(onCentre, centre), 1e-15);
    List<ProjectionPair> orthogonal = List.of(new ProjectionPair(m(new double[][] {{1, 2}}), m(new double[][] {{1, -1}})));
    assertEquals(0.0, PopulationCentre.score(orthogonal, centre), 1e-15);
    assertEquals(1.6, PopulationCentre.architectureScore(List.of(-3.5, -3.0, -3.9)), 1e-12);
  }

  @Test
  @DisplayName("a planted path that predicts the centre is ranked first, ahead of paths that fit their own targets")
  void plantedBest() {
    PlantedModel model = new PlantedModel();
    List<RatedPath<BlockPath>> ranked = PopulationCentre.rank(CANDIDATES, model.targets(), model.predictions());
    assertEquals(PLANTED, ranked.get(0).path());
    assertTrue(ranked.get(0).score() < -3.9, "planted score " + ranked.get(0).score());
    assertTrue(ranked.get(1).score() > ranked.get(0).score() + 1, "runner-up " + ranked.get(1).score());
    for (int i = 1; i < ranked.size(); i++) {
      assertTrue(ranked.get(i - 1).score() <= ranked.get(i).score(), "ascending");
    }
  }

  @Test
  @DisplayName("two passes of tasks on a LocalRunner give exactly the in-memory ranking; other task sizes the same ranking")
  void twoPassesOnTheRunner() {
    PlantedModel model = new PlantedModel();
    List<RatedPath<BlockPath>> inMemory = PopulationCentre.rank(CANDIDATES, model.targets(), model.predictions());
    try (LocalRunner runner = new LocalRunner()) {
      assertEquals(inMemory, CentreRating.rate(runner, "test/rating", model, CANDIDATES, 1));
      List<RatedPath<BlockPath>> grouped = CentreRating.rate(runner, "test/rating", model, CANDIDATES, 5);
      assertEquals(inMemory.stream().map(RatedPath::path).toList(), grouped.stream().map(RatedPath::path).toList());
      for (int i = 0; i < grouped.size(); i++) {
        assertEquals(inMemory.get(i).score(), grouped.get(i).score(), 1e-12);
      }
      assertEquals(grouped, CentreRating.rate(runner, "test/rating", model, CANDIDATES, 5), "repeatable");
    }
  }

  @Test
  @DisplayName("the two passes survive serialisation of closures, broadcast, items and results, as Spark ships them")
  void serialisable() {
    PlantedModel model = new PlantedModel();
    List<RatedPath<BlockPath>> local = CentreRating.rate(new LocalRunner(), "test/rating", model, CANDIDATES, 3);
    List<RatedPath<BlockPath>> shipped = CentreRating.rate(new SerializingRunner(), "test/rating", model, CANDIDATES, 3);
    assertEquals(local, shipped);
  }
}
