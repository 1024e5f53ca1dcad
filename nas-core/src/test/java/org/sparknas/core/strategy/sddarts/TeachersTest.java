package org.sparknas.core.strategy.sddarts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.supernet.DistillationTarget;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.TinySpace;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.WeightStep;

/** Teachers are frozen snapshots run through one swapped-parameter graph, on {@link TinySpace}. */
class TeachersTest {
  private static final double TAU = 2.0;

  private final TinySpace space = new TinySpace();
  private Supernet student;
  private SupernetGraph train;
  private SupernetGraph distilled;
  private Batch batch;

  private static SddartsSettings settings(Vote vote, int teachers) {
    return new SddartsSettings(teachers, 1, false, 1, vote, 0.1, TAU, 1.0, false, false,
        new DartsSettings(1, 3e-4, 0.5, 0.999, 1e-3));
  }

  @BeforeEach
  void setUp() {
    student = Supernet.create(space, 51);
    student.parameters().alphas().get("alpha_edge").assign(GradCheck.uniform(DataType.FLOAT, 52, 2, 4));
    train = student.graph(Encoding.full(space), BatchNormMode.TRAIN);
    distilled = train;
    INDArray x = GradCheck.uniform(DataType.FLOAT, 53, 6, 2, 4, 4).muli(2);
    batch = new Batch(x, TinySpace.oneHot(0, 1, 2, 2, 1, 0), new int[] {0, 1, 2, 2, 1, 0});
  }

  @Test
  @DisplayName("one teacher equal to the student: the distillation term and its gradient are zero")
  void teacherEqualToStudent() {
    Teachers teachers = new Teachers(space, student.parameters());
    for (Vote vote : List.of(Vote.MEAN_PROBS, Vote.MEAN_LOGITS)) {
      DistillationTarget target = teachers.target(List.of(student.parameters().copy()), batch.features(),
          settings(vote, 1), 3.0);
      assertEquals(3.0 * TAU * TAU, target.weight(), 1e-12);
      List<String> wrt = new ArrayList<>(distilled.weightNames());
      wrt.addAll(distilled.alphaNames());
      Pass plain = train.forwardBackward(batch.features(), batch.labels(), wrt);
      Pass kd = distilled.forwardBackward(batch.features(), batch.labels(), target, wrt);
      assertEquals(0, Teachers.divergence(target.teacherProbabilities(), kd.logits(), TAU), 1e-7, vote.name());
      assertEquals(plain.loss(), kd.loss(), 1e-5, "the graph's KL term is zero too");
      for (String n : wrt) {
        assertTrue(GradCheck.rerunDifference(plain.gradients().get(n), kd.gradients().get(n)) < 1e-4,
            vote + ": gradient of " + n + " changed by the distillation term");
      }
    }
  }

  @Test
  @DisplayName("teacher snapshots and their predictions do not change when the student trains; the last K vote")
  void snapshotsAreFrozen() {
    TeacherBuffer buffer = new TeacherBuffer(2, 1);
    buffer.push(student.parameters(), 0);
    Teachers teachers = new Teachers(space, student.parameters());
    ParameterSet weightsBefore = buffer.teachers(1).get(0).weights().copy();
    INDArray teacherBefore = teachers.logits(buffer.teachers(1), batch.features()).get(0);
    ParameterSet statsBefore = student.parameters().bnStats().copy();
    assertEquals(train.logits(batch.features()), teacherBefore,
        "a fresh snapshot predicts what the student does on the same batch (batch statistics)");
    assertTrue(equal(statsBefore, student.parameters().bnStats()), "teacher passes leave running statistics alone");

    Sgd sgd = new Sgd(0.9, false, 3e-4);
    for (int i = 0; i < 3; i++) {
      WeightStep.run(train, student.parameters(), batch, new WeightStep.Update(sgd, 0.1, 5.0));
    }
    assertTrue(equal(weightsBefore, buffer.teachers(3).get(0).weights()), "snapshot weights changed");
    INDArray teacherAfter = teachers.logits(buffer.teachers(3), batch.features()).get(0);
    assertEquals(teacherBefore, teacherAfter);
    assertTrue(GradCheck.rerunDifference(teacherAfter, train.logits(batch.features())) > 1e-3,
        "the student moved away from its snapshot");

    buffer.push(student.parameters(), 3);
    buffer.push(student.parameters(), 3);
    assertEquals(2, buffer.teachers(4).size());
    assertEquals(2, buffer.size(), "the snapshot beyond the last K was dropped");
    assertTrue(equal(student.parameters().weights(), buffer.teachers(4).get(0).weights()),
        "the first snapshot was dropped");
  }

  private static boolean equal(ParameterSet a, ParameterSet b) {
    if (!a.names().equals(b.names())) {
      return false;
    }
    for (String n : a.names()) {
      if (!a.get(n).equals(b.get(n))) {
        return false;
      }
    }
    return true;
  }

  @Test
  @DisplayName("in the SD-DARTS step order no teacher ever holds the student's current weights; lag 3 keeps the newest 2 out; dropped snapshots' arrays are refilled, with the right values")
  void teachersAreBehindTheStudent() {
    for (int lag : new int[] {1, 3}) {
      Supernet s = Supernet.create(space, 61);
      SupernetGraph g = s.graph(Encoding.full(space), BatchNormMode.TRAIN);
      TeacherBuffer buffer = new TeacherBuffer(3, lag);
      Sgd sgd = new Sgd(0.9, false, 3e-4);
      List<ParameterSet> pushed = new ArrayList<>();
      Set<INDArray> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
      String someWeight = s.parameters().weights().names().iterator().next();
      for (int step = 0; step < 12; step++) {
        List<SupernetParameters> voting = buffer.teachers(step);
        for (SupernetParameters t : voting) {
          assertFalse(equal(t.weights(), s.parameters().weights()), "lag " + lag + ", step " + step
              + ": a teacher holds the student's current weights");
          arrays.add(t.weights().get(someWeight));
        }
        assertEquals(Math.min(3, Math.max(0, step - lag + 1)), voting.size(), "lag " + lag + ", step " + step);
        for (int i = 0; i < voting.size(); i++) {
          int from = step - lag - voting.size() + 1 + i;
          assertTrue(equal(pushed.get(from), voting.get(i).weights()), "lag " + lag + ", step " + step
              + ": teacher " + i + " is not the snapshot of step " + from);
        }
        buffer.push(s.parameters(), step); // as DistillingLoop: the snapshot before the step's update
        pushed.add(s.parameters().weights().copy());
        WeightStep.run(g, s.parameters(), batch, new WeightStep.Update(sgd, 0.1, 5.0));
      }
      assertTrue(arrays.size() <= 3 + lag + 1, "lag " + lag + ": " + arrays.size() + " snapshot arrays for 12 steps");
    }
  }
}
