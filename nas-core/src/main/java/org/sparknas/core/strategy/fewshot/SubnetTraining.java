package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;

import org.sparknas.core.data.Batch;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.EpochStats;
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
  public record Trained(SubSupernetState state, ArrayList<LinkedHashMap<String, Object>> rows)
      implements Serializable {}

  public static Trained train(SubnetTraining s, Work w) {
    SubSupernetState sub = w.state().copy();
    Supernet net = sub.supernet(s.space());
    SearchData data = new SearchData(s.data(), s.train(), Seeds.seed(s.seed(), "fewshot/data", w.level(), w.index()));
    String phase = FewShotSearch.NAME + "/level-" + w.level() + "/subnet-" + sub.path();
    int from = sub.epochsDone();
    Progress progress = new Progress(phase + " (epochs " + (from + 1) + "-" + w.until() + ")",
        Math.max(1, w.until() - from), data.stepsPerEpoch(), s.train().logEverySeconds());
    ArrayList<LinkedHashMap<String, Object>> rows = new ArrayList<>();
    for (int epoch = from; epoch < w.until(); epoch++) {
      double lr = sub.lr(epoch);
      boolean trainAlphas = epoch >= s.alphasFrom();
      EpochStats stats = new EpochStats();
      for (int step = 0; step < data.stepsPerEpoch(); step++) {
        long global = data.globalStep(epoch, step);
        // GM-NAS draws both batches at random every step (sampling with replacement)
        Batch train = data.randomTrainBatch(global);
        StepInput in = new StepInput(train, data.validBatch(global), lr, epoch, trainAlphas,
            Seeds.seed(s.seed(), "fewshot/step", w.level(), w.index(), global));
        stats.add(s.base().step(net, sub, in), train);
        progress.step(epoch - from, step, stats.loss(), stats.accuracy());
      }
      LinkedHashMap<String, Object> row = new LinkedHashMap<>(stats.row(FewShotSearch.NAME + "/" + s.base().name(),
          epoch, lr));
      row.put("subnet", sub.path());
      row.put("level", w.level());
      row.put("alphas_trained", trainAlphas);
      s.base().describeEpoch(net, sub.encoding(), data, row);
      row.put("elapsed_seconds", progress.elapsedSeconds());
      rows.add(row);
    }
    return new Trained(sub.withEpochsDone(w.until()), rows);
  }
}
