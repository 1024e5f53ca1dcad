package org.sparknas.core.retrain;

import java.io.Serializable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.sparknas.core.data.DataSource;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.TrainSettings;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.PathTraining;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.Sgd;

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
    Encoding path = space.parse(architecture).encoding();
    Supernet net = Supernet.create(space, seed);
    SearchData batches = new SearchData(data, settings, seed);
    int epochs = settings.epochs();
    double[] trainLoss = new double[epochs];
    double[] trainAccuracy = new double[epochs];
    double[] valLoss = new double[epochs];
    double[] valAccuracy = new double[epochs];
    Sgd sgd = new Sgd(settings.momentum(), settings.nesterov(), settings.weightDecay());
    new PathTraining(net, batches, settings, BatchNormMode.TRAIN).run(phase, new LocalRunner(), sgd, 0, step -> path,
        (epoch, lr, stats, progress) -> {
          Score val = Evaluator.score(net.graph(path, BatchNormMode.RUNNING), batches.validEval(),
              batches.evalIndices(), settings.evalBatchSize());
          trainLoss[epoch] = stats.loss();
          trainAccuracy[epoch] = stats.accuracy();
          valLoss[epoch] = val.loss();
          valAccuracy[epoch] = val.accuracy();
          LOG.info("{} | epoch {}/{} | val loss {} | val acc {}", phase, epoch + 1, epochs,
              String.format("%.4f", val.loss()), String.format("%.4f", val.accuracy()));
        });
    return new ScratchCurve(architecture, trainLoss, trainAccuracy, valLoss, valAccuracy);
  }
}
