package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.darts.DartsSettings;

/** DARTS end to end on a tiny synthetic search: the result's shape, and reproducibility from the seed. */
class DartsSearchTest {

  private static TinySearch.Run darts(int order, long seed) {
    // arch lr 10x the DARTS default, so 6 steps move alpha visibly away from its initial values
    return TinySearch.run(new DartsSearch(new DartsSettings(order, 3e-3, 0.5, 0.999, 1e-3)), seed);
  }

  @ParameterizedTest(name = "order {0}")
  @ValueSource(ints = {1, 2})
  @DisplayName("same seed gives the same alphas, genotype and metrics; another seed gives other alphas")
  void deterministic(int order) {
    SearchRunAssertions.assertSeedDetermines(darts(order, 11), darts(order, 11), darts(order, 12));
  }

  @ParameterizedTest(name = "order {0}")
  @ValueSource(ints = {1})
  @DisplayName("result: the derived genotype, scored on the validation half, as the one supernet candidate")
  void resultShape(int order) {
    TinySearch.Run run = darts(order, 3);
    SearchRunAssertions.assertSupernetCandidate(run);
    assertEquals(order, run.result().details().get("order"));
  }
}
