package org.sparknas.core.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.sparknas.core.train.CosineSchedule;

/**
 * One fixed recipe for training a found architecture from scratch with DL4J: SGD with Nesterov
 * momentum, the learning rate annealed per epoch along a cosine from {@code lr} to {@code lrMin}
 * (DL4J's {@link MapSchedule} over epochs), L2 weight decay added to the gradient as PyTorch's
 * {@code weight_decay} does, gradient clipping, He initialisation, and the evaluation network's
 * auxiliary head, drop-path and cutout. DL4J clips each layer's gradient to the norm {@code gradClip}
 * ({@link GradientNormalization#ClipL2PerLayer}); it has no clipping of the global norm.
 *
 * @param cutout side of the cutout square (0 = none)
 * @param seed weights, batch order, augmentation and drop-path masks derive from it
 */
public record RetrainRecipe(int epochs, int batchSize, double lr, double lrMin, double momentum, double weightDecay,
    double gradClip, double auxiliaryWeight, double dropPath, int cutout, long seed) implements Serializable {

  public RetrainRecipe {
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("a retrain needs epochs >= 1 and batch size >= 1, got " + epochs + ", "
          + batchSize);
    }
  }

  /** The learning rate of epoch {@code epoch} (0-based). */
  public double lrAt(int epoch) {
    return new CosineSchedule(lr, lrMin, epochs).at(epoch);
  }

  /** Which network to build: the evaluation network with this recipe's head, drop-path and epochs. */
  public ModelOptions options() {
    return ModelOptions.evaluation(auxiliaryWeight, dropPath, epochs);
  }

  /** The global layer settings of the network to train. */
  public NeuralNetConfiguration.Builder base() {
    Map<Integer, Double> schedule = new LinkedHashMap<>();
    for (int e = 0; e < epochs; e++) {
      schedule.put(e, lrAt(e));
    }
    NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.RELU)
        .updater(new Nesterovs(new MapSchedule(ScheduleType.EPOCH, schedule), momentum))
        .l2(weightDecay);
    if (gradClip > 0) {
      b.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(gradClip);
    }
    return b;
  }
}
