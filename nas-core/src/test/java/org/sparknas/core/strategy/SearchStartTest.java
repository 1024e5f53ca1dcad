package org.sparknas.core.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.supernet.AlphaInit;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.TinySpace;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;

/** A search starts from its method's checkpoint when there is one, otherwise from scratch. */
class SearchStartTest {
  private static final String ALPHA = "alpha_" + TinySpace.GROUP;

  /** A method's checkpoint: the common components plus one of its own. */
  record Saved(int epochsDone, SupernetParameters parameters, Sgd sgd, String extra) implements EpochCheckpoint {}

  /** nas.train with momentum 0.9, weight decay 3e-4; the rest is not read. */
  private static SearchContext context(Checkpoints store) {
    TrainSettings train = new TrainSettings(new TrainSettings.Schedule(5, 8, 1, 0.1, 0.0),
        new TrainSettings.SgdSettings(0.9, true, 3e-4, 5.0), new TrainSettings.Scoring(0, 8), 1, 1e9);
    return new SearchContext(new TinySpace(), null, train, 7, null, MetricsSink.NONE, store);
  }

  @Test
  @DisplayName("no checkpoint: epoch 0, the seed's initial (or the given) alphas, a new SGD of nas.train, fresh further state")
  void fromScratch() {
    SearchStart<Saved> start = SearchStart.load(context(Checkpoints.inMemory()), "m");
    assertEquals(0, start.firstEpoch());
    assertEquals(Supernet.create(new TinySpace(), 7).parameters().alphas().get(ALPHA),
        start.net().parameters().alphas().get(ALPHA));
    assertEquals(7, start.net().parameters().seed());
    Sgd fresh = (Sgd) start.sgd();
    assertEquals(0.9, fresh.momentum());
    assertEquals(3e-4, fresh.weightDecay());
    assertNull(fresh.momentumBuffer(ALPHA));
    assertEquals("fresh", start.restore(Saved::extra, () -> "fresh"));

    AlphaInit snas = new AlphaInit(1, 0.01);
    SearchStart<Saved> custom = SearchStart.load(context(Checkpoints.inMemory()), "m",
        () -> snas.parameters(new TinySpace(), 7));
    assertEquals(snas.parameters(new TinySpace(), 7).alphas().get(ALPHA),
        custom.net().parameters().alphas().get(ALPHA));
  }

  @Test
  @DisplayName("a checkpoint: its epoch, parameters, SGD state and further state, after serialisation")
  void fromCheckpoint() {
    Supernet trained = Supernet.create(new TinySpace(), 3);
    Sgd sgd = new Sgd(0.5, false, 0);
    INDArray grad = Nd4j.onesLike(trained.parameters().alphas().get(ALPHA));
    sgd.step(trained.parameters().alphas(), Map.of(ALPHA, grad), 0.1);
    Checkpoints store = Checkpoints.inMemory();
    store.save("m", new Saved(3, trained.parameters(), sgd, "kept"));

    SearchStart<Saved> start = SearchStart.load(context(store), "m");
    assertEquals(3, start.firstEpoch());
    assertEquals(trained.parameters().alphas().get(ALPHA), start.net().parameters().alphas().get(ALPHA));
    assertNotSame(trained.parameters(), start.net().parameters());
    assertEquals(3, start.net().parameters().seed());
    Sgd restored = (Sgd) start.sgd();
    assertEquals(0.5, restored.momentum());
    assertNotNull(restored.momentumBuffer(ALPHA));
    assertEquals(sgd.momentumBuffer(ALPHA), restored.momentumBuffer(ALPHA));
    assertEquals("kept", start.restore(Saved::extra, () -> {
      throw new AssertionError("fresh state made although the checkpoint has it");
    }));
    assertEquals("nothing", SearchStart.<Saved>load(context(store), "other").restore(Saved::extra, () -> "nothing"));
  }
}
