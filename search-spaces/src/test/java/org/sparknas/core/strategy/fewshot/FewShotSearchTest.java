package org.sparknas.core.strategy.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.core.strategy.snas.SnasSettings;
import org.sparknas.core.supernet.AlphaInit;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.spaces.TinySearch;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * The few-shot loop (specs/algorithms.md A.5-A.7) on the tiny nb201 search with the random splitter:
 * splits at epochs 1 and 2, one warm-up epoch, so one root epoch, two sub-supernets for one epoch, four
 * for one epoch, and four candidates.
 */
class FewShotSearchTest {
  private static final Nb201Space SPACE = TinySearch.space();
  private static final TrainSettings TRAIN = TinySearch.train();
  private static final DartsSettings DARTS = new DartsSettings(1, 3e-4, 0.5, 0.999, 1e-3);
  private static TinySearch.Run first;

  private static FewShotSettings settings(Restart restart, boolean fixSchedule) {
    return new FewShotSettings("darts", "random", List.of(1, 2), restart, 1, fixSchedule, true, false, Selection.BY_SUPERNET);
  }

  private static FewShotSearch darts(Restart restart) {
    return new FewShotSearch(settings(restart, false), new DartsBase(DARTS, TRAIN), new RandomEdgeSplitter());
  }

  @BeforeAll
  static void search() {
    first = TinySearch.run(darts(Restart.FINAL), 3);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> details(String key) {
    return (List<Map<String, Object>>) first.result().details().get(key);
  }

  private static List<Map<String, Object>> rows(TinySearch.Run run, String phase) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : run.metrics()) {
      if (phase.equals(r.get("phase"))) {
        Map<String, Object> copy = new LinkedHashMap<>(r);
        copy.remove("alphas"); // matrices: compared by value elsewhere
        out.add(copy);
      }
    }
    return out;
  }

  @Test
  @DisplayName("2 splits: the root trains epoch 1, two sub-supernets epoch 2, four epoch 3; four candidates")
  void schedule() {
    List<Map<String, Object>> epochs = rows(first, FewShotSearch.NAME + "/darts");
    List<String> seen = epochs.stream().map(r -> r.get("subnet") + "@" + r.get("epoch")).toList();
    assertEquals(List.of("root@1", "0@2", "1@2", "0.0@3", "0.1@3", "1.0@3", "1.1@3"), seen);
    assertEquals(List.of(false, false, false, true, true, true, true),
        epochs.stream().map(r -> r.get("alphas_trained")).toList(), "alphas frozen before the last split epoch: the warm-up (epoch 3) trains them");
    List<Candidate> candidates = first.result().candidates();
    assertEquals(List.of("sub-supernet 0.0", "sub-supernet 0.1", "sub-supernet 1.0", "sub-supernet 1.1"),
        candidates.stream().map(Candidate::source).toList());
    Candidate best = candidates.get(0);
    for (Candidate c : candidates) {
      best = c.score() > best.score() ? c : best;
    }
    assertEquals(best.architecture(), first.result().architecture());
    assertEquals(best.score(), first.result().supernet().accuracy());
    assertEquals(3, details("splits").size());
    assertEquals(List.of("root", "0", "1"), details("splits").stream().map(s -> s.get("supernet")).toList());
  }

  @Test
  @DisplayName("each sub-supernet's encoding masks exactly the ops of its groups along its path; its architecture uses only those")
  void encodingsFollowTheSplits() {
    Map<String, Encoding> expected = new LinkedHashMap<>();
    expected.put("root", Encoding.full(SPACE));
    for (Map<String, Object> split : details("splits")) {
      Encoding parent = expected.get((String) split.get("supernet"));
      @SuppressWarnings("unchecked")
      List<List<Integer>> groups = (List<List<Integer>>) split.get("op_indices");
      @SuppressWarnings("unchecked")
      List<String> children = (List<String>) split.get("children");
      int edge = (Integer) split.get("edge");
      assertTrue(parent.isUnsplit("cell", edge), "split an edge that was split already: " + split);
      for (int c = 0; c < 2; c++) {
        boolean[] row = new boolean[SPACE.opCount()];
        groups.get(c).forEach(o -> row[o] = true);
        expected.put(children.get(c), parent.withRow("cell", edge, row));
        assertEquals(groups.get(c).stream().map(SPACE.opNames()::get).toList(),
            ((List<?>) split.get("groups")).get(c));
      }
    }
    List<Map<String, Object>> subnets = details("sub_supernets");
    assertEquals(4, subnets.size());
    for (Map<String, Object> s : subnets) {
      Encoding enc = expected.get((String) s.get("subnet"));
      assertEquals(enc.toString(), s.get("encoding"));
      Architecture arch = SPACE.parse((String) s.get("architecture"));
      for (int e = 0; e < 6; e++) {
        for (int op : arch.encoding().allowedOps("cell", e)) {
          assertTrue(enc.allowed("cell", e, op), s + " uses a masked op on edge " + e);
        }
      }
    }
  }

  @Test
  @DisplayName("training a sub-supernet builds no masked op and leaves masked-op weights exactly as they were")
  void maskedOpsAreNotComputed() {
    FewShotSearch search = darts(Restart.NONE);
    // edge 2 (2<-1) keeps skip_connect and avg_pool_3x3: its convolutions are masked
    Encoding enc = Encoding.full(SPACE).withRow("cell", 2, new boolean[] {false, true, false, false, true});
    SubSupernetState state = search.newState(SPACE, TRAIN, "0", enc, 9, new CosineSchedule(0.1, 0.01, 3), 0);
    // create every op's weights first, as a parent trained on all ops would have them
    state.supernet(SPACE).graph(Encoding.full(SPACE), BatchNormMode.TRAIN);
    SupernetParameters before = state.parameters().copy();
    List<String> masked = before.weights().names().stream().filter(n -> n.contains("edge2/nor_conv")).toList();
    assertFalse(masked.isEmpty());
    assertFalse(state.supernet(SPACE).graph(enc, BatchNormMode.TRAIN).weightNames().stream()
        .anyMatch(n -> n.contains("edge2/nor_conv")), "a masked op was built");
    assertFalse(state.supernet(SPACE).graph(enc, BatchNormMode.TRAIN).network().weights().keySet().stream()
        .anyMatch(n -> n.contains("edge2/nor_conv")), "a masked op is in the network description");

    SubnetTraining training = new SubnetTraining(SPACE, TinySearch.data(3), TRAIN, new DartsBase(DARTS, TRAIN),
        settings(Restart.NONE, false).alphasFrom(), 3);
    SubnetTraining.Trained t = SubnetTraining.train(training, new SubnetTraining.Work(state, 1, 0, 1));

    ParameterCheck.equal(before.weights().select(masked), t.state().parameters().weights().select(masked));
    String allowed = "cell0/edge3/nor_conv_3x3/conv/w";
    assertFalse(t.state().parameters().weights().get(allowed).equalsWithEps(before.weights().get(allowed), 1e-9),
        "an allowed op did not train");
    assertTrue(t.state().sgd().momentumBuffer(masked.get(0)) == null, "a masked op got an SGD step");
    ParameterCheck.equal(before.weights(), state.parameters().weights()); // the task trained a copy
    assertEquals(1, t.state().epochsDone());
    assertEquals(1, t.rows().size());
  }

  @Test
  @DisplayName("without restart a child copies weights, alphas, SGD and Adam state and schedule exactly; with restart it starts afresh")
  void restartSemantics() {
    SubnetTraining training = new SubnetTraining(SPACE, TinySearch.data(3), TRAIN, new DartsBase(DARTS, TRAIN),
        0, 3);
    FewShotSearch search = darts(Restart.NONE);
    SubSupernetState root = search.newState(SPACE, TRAIN, "root", Encoding.full(SPACE), 4,
        new CosineSchedule(TRAIN.lr(), TRAIN.lrMin(), 3), 0);
    SubSupernetState parent = SubnetTraining.train(training, new SubnetTraining.Work(root, 0, 0, 1)).state();
    Encoding enc = Encoding.full(SPACE).withRow("cell", 0, new boolean[] {true, true, false, false, false});

    SubSupernetState copy = search.spawn(SPACE, TRAIN, parent, enc, "0", false, 1, 77);
    ParameterCheck.equal(parent.parameters().weights(), copy.parameters().weights());
    ParameterCheck.equal(parent.parameters().alphas(), copy.parameters().alphas());
    ParameterCheck.equal(parent.parameters().bnStats(), copy.parameters().bnStats());
    String w = "cell0/edge3/nor_conv_3x3/conv/w";
    assertArrayEquals(parent.sgd().momentumBuffer(w).dup().data().asFloat(), copy.sgd().momentumBuffer(w).dup().data().asFloat());
    assertNotSame(parent.parameters().weights().get(w), copy.parameters().weights().get(w));
    assertEquals(Checkpoints.serialize(parent.adam()).length, Checkpoints.serialize(copy.adam()).length);
    assertEquals(parent.lr(1), copy.lr(1), 0.0, "the schedule continues");
    assertEquals(1, copy.epochsDone());
    assertEquals(enc, copy.encoding());

    SubSupernetState fresh = search.spawn(SPACE, TRAIN, parent, enc, "0", true, 1, 77);
    assertEquals(0, fresh.parameters().weights().size(), "fresh weights are created when the child first builds");
    assertNotEquals(parent.parameters().alphas().get("alpha_cell").getDouble(0),
        fresh.parameters().alphas().get("alpha_cell").getDouble(0));
    assertNull(fresh.sgd().momentumBuffer(w));
    assertEquals(TRAIN.lr(), fresh.lr(1), 1e-12, "after a restart the full cosine starts again");
    assertEquals(1, fresh.epochsDone());
    assertNotEquals(Checkpoints.serialize(parent.adam()).length, Checkpoints.serialize(fresh.adam()).length);

    FewShotSearch fixed = new FewShotSearch(settings(Restart.NONE, true), new DartsBase(DARTS, TRAIN),
        new RandomEdgeSplitter());
    SubSupernetState rescheduled = fixed.spawn(SPACE, TRAIN, parent, enc, "0", false, 1, 77);
    assertEquals(TRAIN.lr(), rescheduled.lr(1), 1e-12, "fix-schedule: a new cosine from the split epoch");
    assertEquals(TRAIN.lrMin() + (TRAIN.lr() - TRAIN.lrMin()) / 2, rescheduled.lr(2), 1e-12, "over the 2 remaining epochs");
  }

  @Test
  @DisplayName("killed after the level-1 checkpoint and resumed: the same rows from there, splits and answer")
  void resume() {
    Checkpoints store = Checkpoints.inMemory();
    assertThrows(TinySearch.Crash.class, () -> TinySearch.run(darts(Restart.FINAL), 3, store, 3));
    TinySearch.Run resumed = TinySearch.run(darts(Restart.FINAL), 3, store, Integer.MAX_VALUE);

    List<Map<String, Object>> warmup = rows(first, FewShotSearch.NAME + "/darts").subList(3, 7);
    assertEquals(warmup, rows(resumed, FewShotSearch.NAME + "/darts"), "only the warm-up runs again");
    assertEquals(first.result().candidates(), resumed.result().candidates());
    assertEquals(first.result().architecture(), resumed.result().architecture());
    assertEquals(first.result().details().get("splits").toString(), resumed.result().details().get("splits").toString());
  }

  @Test
  @DisplayName("nas.darts.order = 2 applies in the sub-supernets: frozen-alpha epochs as first order, warm-up alphas not")
  void secondOrder() {
    DartsSettings secondOrder = new DartsSettings(2, 3e-4, 0.5, 0.999, 1e-3);
    TinySearch.Run second = TinySearch.run(new FewShotSearch(settings(Restart.FINAL, false),
        new DartsBase(secondOrder, TRAIN), new RandomEdgeSplitter()), 3);
    List<Map<String, Object>> a = rows(first, FewShotSearch.NAME + "/darts");
    List<Map<String, Object>> b = rows(second, FewShotSearch.NAME + "/darts");
    assertEquals(a.subList(0, 3), b.subList(0, 3), "epochs 1-2 train no alphas, so the order changes nothing there");
    List<Object> warmupAlphas = alphasOfEpoch(first, 3);
    List<Object> secondOrderAlphas = alphasOfEpoch(second, 3);
    assertEquals(4, warmupAlphas.size());
    for (int i = 0; i < 4; i++) {
      assertNotEquals(java.util.Arrays.deepToString(((Map<?, ?>) warmupAlphas.get(i)).values().toArray()),
          java.util.Arrays.deepToString(((Map<?, ?>) secondOrderAlphas.get(i)).values().toArray()),
          "sub-supernet " + i + ": the second-order architecture step moved its alphas elsewhere");
    }
  }

  private static List<Object> alphasOfEpoch(TinySearch.Run run, int epoch) {
    return run.metrics().stream().filter(r -> (FewShotSearch.NAME + "/darts").equals(r.get("phase"))
        && Integer.valueOf(epoch).equals(r.get("epoch"))).map(r -> r.get("alphas")).toList();
  }

  @Test
  @DisplayName("RSPS base: one path per step within the sub-supernet, N proposals scored per sub-supernet")
  void rspsBase() {
    FewShotSearch rsps = new FewShotSearch(
        new FewShotSettings("rsps", "random", List.of(1), Restart.NONE, 1, false, true, false, Selection.BY_SUPERNET),
        new RspsBase(new RspsSettings(3, true), TRAIN), new RandomEdgeSplitter());
    TinySearch.Run run = TinySearch.run(rsps, 5);
    assertEquals(List.of("root@1", "0@2", "1@2"), rows(run, FewShotSearch.NAME + "/rsps").stream()
        .map(r -> r.get("subnet") + "@" + r.get("epoch")).toList());
    List<Map<String, Object>> select = rows(run, FewShotSearch.NAME + "/select");
    assertEquals(2, select.size());
    assertEquals(List.of(3, 3), select.stream().map(r -> r.get("proposals_scored")).toList());
    assertEquals(2, run.result().candidates().size());
  }

  @Test
  @DisplayName("SNAS base with the gradient-matching splitter: a 2|3 cut of the split edge from a symmetric distance matrix, each child's architecture within its group")
  void snasWithGradientMatching() {
    SnasSettings snas = new SnasSettings(1.0, 0.1, new AlphaInit(1, 0.01), 3e-4, 0.5, 0.999, 1e-3);
    FewShotSearch search = new FewShotSearch(
        new FewShotSettings("snas", "gradient-matching", List.of(1), Restart.NONE, 1, false, true, false, Selection.BY_SUPERNET),
        new SnasBase(snas, TRAIN), new GradientMatchingSplitter(new GradientMatchingSettings(2, TRAIN.batchSize(),
            EdgeCriterion.MAX_CUT, GradientDistance.COS, List.of())));
    TinySearch.Run run = TinySearch.run(search, 4);
    @SuppressWarnings("unchecked")
    Map<String, Object> split = ((List<Map<String, Object>>) run.result().details().get("splits")).get(0);
    double[][] d = (double[][]) split.get("distances");
    assertEquals(5, d.length);
    for (int i = 0; i < 5; i++) {
      assertEquals(0.0, d[i][i]);
      for (int j = 0; j < 5; j++) {
        assertEquals(d[i][j], d[j][i], 1e-12);
      }
    }
    @SuppressWarnings("unchecked")
    List<List<String>> groups = (List<List<String>>) split.get("groups");
    assertEquals(List.of(2, 3), groups.stream().map(List::size).sorted().toList());
    @SuppressWarnings("unchecked")
    List<String> children = (List<String>) split.get("children");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> subnets = (List<Map<String, Object>>) run.result().details().get("sub_supernets");
    int edge = (Integer) split.get("edge");
    for (Map<String, Object> sub : subnets) {
      List<String> ops = java.util.Arrays.stream(((String) sub.get("architecture")).split("\\|"))
          .filter(t -> t.contains("~")).map(t -> t.substring(0, t.indexOf('~'))).toList();
      assertTrue(groups.get(children.indexOf((String) sub.get("subnet"))).contains(ops.get(edge)), sub.toString());
    }
  }

  /** Exact equality of parameter sets. */
  static final class ParameterCheck {
    static void equal(org.sparknas.core.supernet.ParameterSet expected, org.sparknas.core.supernet.ParameterSet actual) {
      assertEquals(expected.names(), actual.names());
      for (String n : expected.names()) {
        INDArray e = expected.get(n);
        assertArrayEquals(e.dup().data().asFloat(), actual.get(n).dup().data().asFloat(), n);
      }
    }
  }
}
