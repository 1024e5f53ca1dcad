package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.ArrayList;

import org.sparknas.core.data.DataSource;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.EpochLoop;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Progress;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;

/**
 * The shared read-only state of one level's training tasks (specs/algorithms.md A.10): the space, the
 * search data, the training settings, the base algorithm, the first epoch that trains architecture
 * parameters ({@link FewShotSettings#alphasFrom()}) and the master seed.
 * {@link #train} is the work function: one sub-supernet trained from its {@code epochsDone} to an
 * epoch, returning its new state and one metrics row per epoch. Every draw is seeded from
 * (seed, level, index, step), so a retried task, a resumed search and any executor layout draw alike.
 */
public record SubnetTraining(SearchSpace space, DataSource data, TrainSettings train, FewShotBase base,
    int alphasFrom, long seed) implements Serializable {

  /** One task: sub-supernet {@code index} of level {@code level}, trained until epoch {@code until}. */
  public record Work(SubSupernetState state, int level, int index, int until) implements Serializable {}

  /** A task's answer: the trained state and its per-epoch metrics rows. */
  public record Trained(SubSupernetState state, ArrayList<EpochRow> rows)
      implements Serializable {}

  public static Trained train(SubnetTraining s, Work w) {
    SubSupernetState sub = w.state().copy();
    Supernet net = sub.supernet(s.space());
    SearchData data = new SearchData(s.data(), s.train(), Seeds.seed(s.seed(), "fewshot/data", w.level(), w.index()));
    String phase = FewShotSearch.NAME + "/level-" + w.level() + "/subnet-" + sub.path();
    int from = sub.epochsDone();
    Progress progress = new Progress(phase + " (epochs " + (from + 1) + "-" + w.until() + ")", from,
        Math.max(1, w.until() - from), data.stepsPerEpoch(), s.train().logEverySeconds());
    ArrayList<EpochRow> rows = new ArrayList<>();
    EpochLoop loop = new EpochLoop(phase, data, sub::lr, EpochLoop.Batches.WITH_REPLACEMENT, progress);
    try {
      // a task of its own: no runner jobs to name, and the level's checkpoint is the search's
      loop.run(new LocalRunner(), Checkpoints.NONE, from, w.until(), EpochLoop.Hooks.of(
          step -> s.base().step(net, sub, new StepInput(step.train(), data.validBatch(step.global()), step.lr(),
              step.epoch(), step.epoch() >= s.alphasFrom(),
              Seeds.seed(s.seed(), "fewshot/step", w.level(), w.index(), step.global()))),
          epoch -> {
            rows.add(epoch.row(FewShotSearch.NAME + "/" + s.base().name())
                .withSubnet(new EpochRow.Subnet(sub.path(), w.level(), epoch.index() >= s.alphasFrom()))
                .withValidation(s.base().validation(net, sub.encoding(), data))
                .withElapsedSeconds(epoch.progress().elapsedSeconds()));
          }));
    } finally {
      net.clearGraphs(); // the sub-supernet's activation memory goes back before the next task starts
    }
    return new Trained(sub.withEpochsDone(w.until()), rows);
  }
}
