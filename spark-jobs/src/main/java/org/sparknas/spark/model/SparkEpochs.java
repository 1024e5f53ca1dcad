package org.sparknas.spark.model;

import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.Split;
import org.sparknas.core.model.Dl4jHelpers;
import org.sparknas.core.model.Retraining;
import org.sparknas.core.model.TrainingBatches;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.spark.session.HadoopConfs;

/**
 * One retrain epoch on the executors with dl4j-spark: the epoch's minibatches are an RDD that the
 * executors make themselves from the dataset's Hadoop URI ({@link TrainingBatches}, the same batches
 * local training makes), fitted by a {@link SparkComputationGraph} with a
 * {@link ParameterAveragingTrainingMaster}: every worker fits {@code averagingFrequency} minibatches on
 * its copy of the graph, then the driver averages parameters and updater state, and so on through
 * the epoch. Parameter averaging is chosen over dl4j-spark's gradient-sharing master because it needs
 * nothing beyond Spark (no parameter-server ports between executors) and is the one measured working
 * on this stack (specs/stack.md §6). Its result depends on the number of workers and on the averaging
 * frequency, so it does not reproduce local training, and two clusters of different sizes differ.
 */
public record SparkEpochs(JavaSparkContext sc, DataSettings data, TrainingBatches batches, int images,
    int averagingFrequency) implements Retraining.EpochTrainer {

  @Override
  public double train(ComputationGraph graph, int epoch) {
    List<int[]> order = batches.epoch(images, epoch);
    TrainingBatches recipe = batches;
    DataSettings settings = data;
    JavaRDD<MultiDataSet> minibatches = sc.parallelize(order, Math.min(order.size(), sc.defaultParallelism()))
        .map(indices -> {
          Dl4jHelpers.enable(); // before dl4j-spark's worker builds its next network in this executor
          return recipe.make(Datasets.cachedImages(settings, Split.TRAIN, HadoopConfs::current), indices, epoch);
        });
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(batches.batchSize())
        .batchSizePerWorker(batches.batchSize())
        .averagingFrequency(averagingFrequency)
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .rngSeed(Seeds.seed(batches.seed(), "retrain.spark", epoch))
        .build();
    SparkComputationGraph net = new SparkComputationGraph(sc, graph, master);
    net.fitMultiDataSet(minibatches);
    return net.getScore();
  }
}
