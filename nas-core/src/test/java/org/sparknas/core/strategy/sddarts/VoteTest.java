package org.sparknas.core.strategy.sddarts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each vote mode on hand-made teacher logits against distributions worked out by hand. */
class VoteTest {
  private static final double LN3 = Math.log(3);

  /** Three teachers, two examples, three classes; with tau = 1 their softmax rows are listed below. */
  private static final List<INDArray> TEACHERS = List.of(
      // [1/3, 1/3, 1/3] and [1/2, 1/4, 1/4] (log-odds ln 2)
      Nd4j.createFromArray(new double[][] {{0, 0, 0}, {Math.log(2), 0, 0}}),
      // [3/5, 1/5, 1/5] and [1/6, 1/2, 1/3]
      Nd4j.createFromArray(new double[][] {{LN3, 0, 0}, {0, LN3, Math.log(2)}}),
      // [1/5, 1/5, 3/5] and [1/5, 3/5, 1/5]
      Nd4j.createFromArray(new double[][] {{0, 0, LN3}, {0, LN3, 0}}));

  private static void assertRows(double[][] expected, INDArray got) {
    double[][] g = got.toDoubleMatrix();
    assertEquals(expected.length, g.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], g[i], 1e-12, "row " + i);
    }
  }

  @Test
  @DisplayName("mean-probs: the mean of the teachers' softmax rows")
  void meanProbabilities() {
    assertRows(new double[][] {
        {(1 / 3.0 + 3 / 5.0 + 1 / 5.0) / 3, (1 / 3.0 + 1 / 5.0 + 1 / 5.0) / 3, (1 / 3.0 + 1 / 5.0 + 3 / 5.0) / 3},
        {(1 / 2.0 + 1 / 6.0 + 1 / 5.0) / 3, (1 / 4.0 + 1 / 2.0 + 3 / 5.0) / 3, (1 / 4.0 + 1 / 3.0 + 1 / 5.0) / 3}},
        Vote.MEAN_PROBS.apply(TEACHERS, 1.0, 0));
  }

  @Test
  @DisplayName("mean-logits: softmax of the mean logits, at the temperature")
  void meanLogits() {
    // example 0: mean logits [ln3/3, 0, ln3/3], tau = 2 -> exp(ln3/6) : 1 : exp(ln3/6)
    double a = Math.exp(LN3 / 6);
    // example 1: mean logits [ln2/3, 2 ln3/3, ln2/3] -> tau 2: exp(ln2/6), exp(ln3/3), exp(ln2/6)
    double b = Math.exp(Math.log(2) / 6);
    double c = Math.exp(LN3 / 3);
    assertRows(new double[][] {{a / (2 * a + 1), 1 / (2 * a + 1), a / (2 * a + 1)},
        {b / (2 * b + c), c / (2 * b + c), b / (2 * b + c)}}, Vote.MEAN_LOGITS.apply(TEACHERS, 2.0, 0));
  }

  @Test
  @DisplayName("majority: the most voted class as a smoothed one-hot; a tie goes to the larger summed probability")
  void majority() {
    // example 0: votes class 0 (teacher 1: uniform -> first class), class 0, class 2 -> class 0
    // example 1: votes class 0, class 1, class 1 -> class 1
    double eps = 0.3;
    double off = eps / 3;
    assertRows(new double[][] {{1 - eps + off, off, off}, {off, 1 - eps + off, off}},
        Vote.MAJORITY.apply(TEACHERS, 1.0, eps));
    // two teachers that disagree: class 0 (p 0.6) and class 2 (p 0.8) -> class 2 has more mass
    List<INDArray> tie = List.of(Nd4j.createFromArray(new double[][] {{LN3, 0, 0}}),
        Nd4j.createFromArray(new double[][] {{0, 0, Math.log(8)}}));
    assertRows(new double[][] {{0, 0, 1}}, Vote.MAJORITY.apply(tie, 1.0, 0));
  }

  @Test
  @DisplayName("one teacher: mean-probs and mean-logits are its softmax at the temperature")
  void oneTeacher() {
    List<INDArray> one = List.of(TEACHERS.get(1));
    assertRows(Vote.softmax(TEACHERS.get(1), 3.0).toDoubleMatrix(), Vote.MEAN_PROBS.apply(one, 3.0, 0));
    assertRows(Vote.softmax(TEACHERS.get(1), 3.0).toDoubleMatrix(), Vote.MEAN_LOGITS.apply(one, 3.0, 0));
    assertThrows(IllegalArgumentException.class, () -> Vote.MEAN_PROBS.apply(List.of(), 1.0, 0));
    assertEquals(Vote.MAJORITY, Vote.of("majority"));
  }
}
