package org.sparknas.spaces.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.eval.CandidateScoring;

class CandidateCostTest {
  /** C=8, one cell per stage: 28x28 with 8 channels, 14x14 with 16, 7x7 with 32. */
  private static final Nb201Space SPACE = new Nb201Space(8, 1, 3, new long[] {1, 28, 28}, 10);

  @Test
  @DisplayName("a candidate's cost is its multiply-adds: one op swapped on an edge changes it by that op's, in every stage")
  void multiplyAddsOfOneEdge() {
    double skip = CandidateScoring.cost(SPACE, "|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
    double conv3 = CandidateScoring.cost(SPACE, "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
    double conv1 = CandidateScoring.cost(SPACE, "|nor_conv_1x1~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
    // each stage: H W C C k k = 28*28*8*8*9 = 14*14*16*16*9 = 7*7*32*32*9
    assertEquals(3 * 28 * 28 * 8 * 8 * 9, conv3 - skip, 0.0);
    assertEquals(3 * 28 * 28 * 8 * 8, conv1 - skip, 0.0);
  }
}
