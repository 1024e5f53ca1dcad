package org.sparknas.core.retrain;

import java.io.Serializable;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.sparknas.core.data.DataSource;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.EpochLoop;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.PathTraining;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;

/**
 * Trains one architecture of a space from scratch: a freshly initialised network of that single path
 * (batch norm with running statistics), SGD with the cosine schedule and clipping on the weight half,
 * and after every epoch the validation-half score with the running statistics. The per-epoch curve is
 * what a ranking study takes as ground truth and what successive halving compares. Immutable and
 * serialisable, so one instance can be the shared state of a batch of work items, one per architecture.
 * <pre>{@code
 * ScratchTraining t = new ScratchTraining(space, data, RetrainSettings.from(settings));
 * ScratchCurve c = t.train("|nor_conv_3x3~0|+|...|", Seeds.seed(master, "rank/scratch", 7), "rank/scratch/arch-7");
 * }</pre>
 */
public record ScratchTraining(SearchSpace space, DataSource data, TrainSettings settings) implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchTraining.class);

  /**
   * @param architecture the canonical string of an architecture of {@link #space()}
   * @param seed initial weights and batch order derive from it: same seed, same curve
   * @param phase the name progress lines carry
   */
  public ScratchCurve train(String architecture, long seed, String phase) {
    return continueTo(start(architecture, seed), settings.epochs(), phase).curve();
  }

  /** The untrained state of {@code architecture}: weights are created, from {@code seed}, as training reaches them. */
  public ScratchState start(String architecture, long seed) {
    space.parse(architecture); // fails here, not in a task, on a foreign string
    return new ScratchState(architecture, seed, Supernet.create(space, seed).parameters(),
        settings.newSgd(),
        new ScratchCurve(architecture, new double[0], new double[0], new double[0], new double[0]));
  }

  /**
   * Trains {@code from} on to epoch {@code untilEpoch} of the full schedule, leaving {@code from} as it
   * was. Stopping and going on trains exactly as one uninterrupted run (tested).
   */
  public ScratchState continueTo(ScratchState from, int untilEpoch, String phase) {
    Encoding path = space.parse(from.architecture()).encoding();
    Supernet net = new Supernet(space, from.parameters().copy());
    Optimizer sgd = from.sgd().copy();
    SearchData batches = new SearchData(data, settings, from.seed());
    ScratchCurve c = from.curve();
    double[] trainLoss = Arrays.copyOf(c.trainLoss(), untilEpoch);
    double[] trainAccuracy = Arrays.copyOf(c.trainAccuracy(), untilEpoch);
    double[] valLoss = Arrays.copyOf(c.valLoss(), untilEpoch);
    double[] valAccuracy = Arrays.copyOf(c.valAccuracy(), untilEpoch);
    if (untilEpoch > settings.epochs()) {
      throw new IllegalArgumentException("cannot train to epoch " + untilEpoch + " of " + settings.epochs());
    }
    LocalRunner runner = new LocalRunner();
    PathTraining training = new PathTraining(runner, net, step -> path, BatchNormMode.TRAIN, sgd, settings);
    try {
      EpochLoop.of(phase, batches, settings).run(runner, Checkpoints.NONE, from.epochsDone(), untilEpoch,
          EpochLoop.Hooks.of(training::step, epoch -> {
            Score val = Evaluator.score(net.graph(path, BatchNormMode.RUNNING), batches.validEval(),
                batches.evalIndices(), settings.evalBatchSize());
            int e = epoch.index();
            trainLoss[e] = epoch.stats().loss();
            trainAccuracy[e] = epoch.stats().accuracy();
            valLoss[e] = val.loss();
            valAccuracy[e] = val.accuracy();
            LOG.info("{} | epoch {}/{} | val loss {} | val acc {}", phase, e + 1, settings.epochs(),
                String.format("%.4f", val.loss()), String.format("%.4f", val.accuracy()));
          }));
    } finally {
      net.clearGraphs(); // the path's activation memory goes back now; its parameters are the answer
    }
    return new ScratchState(from.architecture(), from.seed(), net.parameters(), sgd,
        new ScratchCurve(from.architecture(), trainLoss, trainAccuracy, valLoss, valAccuracy));
  }
}
