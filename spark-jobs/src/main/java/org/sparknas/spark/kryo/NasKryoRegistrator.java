package org.sparknas.spark.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.backend.Nd4jBackends;

/**
 * Registers ND4J arrays and every class that crosses the wire with Spark's Kryo, so that
 * {@code spark.kryo.registrationRequired=true} works. The session factory installs it; by hand:
 * <pre>{@code
 * conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
 *     .set("spark.kryo.registrator", NasKryoRegistrator.class.getName());
 * }</pre>
 * nd4j-kryo 1.0.0-M2 as published ships {@link Nd4jSerializer} but not the
 * {@code org.nd4j.kryo.Nd4jRegistrator} its documentation names, so this class does that job: the
 * serializer becomes the default for every {@link INDArray} and the backend's array class is registered.
 * Java records get {@link RecordSerializer}; a {@link org.sparknas.core.data.DataSource} gets
 * {@link DataSourceSerializer}; the JDK's unmodifiable lists get {@link ImmutableListSerializer}.
 */
public final class NasKryoRegistrator implements KryoRegistrator {

  /**
   * THE list of classes that cross the wire (work items, shared state, results), beyond INDArrays and
   * what Spark registers itself. Extend it here when a strategy sends a new type; the Kryo round-trip
   * test covers every entry. Records belong here, not in {@code spark.kryo.classesToRegister}: Spark
   * registers that list before any registrator runs, so records listed there get Kryo's FieldSerializer,
   * which cannot handle them.
   */
  public static final List<Class<?>> WIRE_CLASSES = List.of(
      // containers work functions use for items, shared state and results
      ArrayList.class,
      HashMap.class,
      LinkedHashMap.class,
      TreeMap.class,
      double[][].class,
      float[][].class,
      boolean[].class,
      boolean[][].class,
      int[][].class,
      long[][].class,
      float[].class,
      int[].class,
      long[].class,
      // candidate scoring: shared state and results
      org.sparknas.core.eval.CandidateScoring.class,
      org.sparknas.core.eval.Score.class,
      org.sparknas.core.strategy.Candidate.class,
      org.sparknas.core.supernet.SupernetParameters.class,
      org.sparknas.core.supernet.ParameterSet.class,
      org.sparknas.core.data.ImageDataset.class,
      org.sparknas.core.data.Normalization.class,
      org.sparknas.core.data.Augmentation.class,
      org.sparknas.core.nn.BatchNormMode.class,
      org.sparknas.spaces.nb201.Nb201Space.class,
      org.sparknas.spaces.darts.DartsSpace.class,
      // data-parallel passes: shared work, shard batches, shard results
      org.sparknas.core.train.DataParallel.Work.class,
      org.sparknas.core.train.DataParallel.ShardResult.class,
      org.sparknas.core.data.Batch.class,
      org.sparknas.core.train.DataParallel.Shard.class,
      org.sparknas.core.data.BatchRecipe.class,
      org.sparknas.core.data.BatchRecipe.Half.class,
      org.sparknas.core.space.Encoding.class,
      // nas compare: one search per (method, seed)
      org.sparknas.spark.cli.CompareJob.Work.class,
      org.sparknas.spark.cli.CompareJob.Item.class,
      // gradient-matching splits: shared work and items (results are double[][])
      org.sparknas.core.strategy.fewshot.GradientMatchingScore.Work.class,
      org.sparknas.core.strategy.fewshot.GradientMatchingScore.Item.class,
      org.sparknas.core.strategy.fewshot.GradientDistance.class,
      // few-shot NAS: one task per sub-supernet and level (shared training state, work item, result)
      org.sparknas.core.strategy.fewshot.SubnetTraining.class,
      org.sparknas.core.strategy.fewshot.SubnetTraining.Work.class,
      org.sparknas.core.strategy.fewshot.SubnetTraining.Trained.class,
      org.sparknas.core.train.EpochRow.class,
      org.sparknas.core.train.EpochRow.Subnet.class,
      org.sparknas.core.train.EpochRow.Distillation.class,
      org.sparknas.core.train.EpochRow.Validation.class,
      org.sparknas.core.train.EpochRow.Analysis.class,
      org.sparknas.core.strategy.fewshot.SubSupernetState.class,
      org.sparknas.core.strategy.fewshot.DartsBase.class,
      org.sparknas.core.strategy.fewshot.RspsBase.class,
      org.sparknas.core.strategy.fewshot.SnasBase.class,
      org.sparknas.core.strategy.snas.SnasSettings.class,
      org.sparknas.core.supernet.AlphaInit.class,
      org.sparknas.core.strategy.darts.DartsSettings.class,
      org.sparknas.core.strategy.rsps.RspsSettings.class,
      org.sparknas.core.train.TrainSettings.class,
      org.sparknas.core.train.TrainSettings.Schedule.class,
      org.sparknas.core.train.TrainSettings.SgdSettings.class,
      org.sparknas.core.train.TrainSettings.Scoring.class,
      org.sparknas.core.data.DataSource.class,
      org.sparknas.core.data.DataSettings.class,
      org.sparknas.core.data.SyntheticDataset.class,
      org.sparknas.core.data.SearchSplit.class,
      org.sparknas.core.train.Sgd.class,
      org.sparknas.core.train.Adam.class,
      org.sparknas.core.train.CosineSchedule.class,
      // ranking study: from-scratch training items, their shared state and curves
      org.sparknas.core.rank.ScratchItem.class,
      org.sparknas.core.retrain.ScratchTraining.class,
      org.sparknas.core.retrain.ScratchCurve.class,
      // few-shot selection by successive halving: a round's shared state, candidates part-way through training
      org.sparknas.core.strategy.fewshot.SuccessiveHalving.Round.class,
      org.sparknas.core.retrain.ScratchState.class,
      // each executor's ND4J backend (nas.backend check, manifest)
      org.sparknas.spark.runtime.ExecutorBackends.Report.class,
      org.sparknas.core.backend.BackendFacts.class,
      org.sparknas.core.backend.BackendFacts.Device.class,
      // bin/nas retrain on dl4j-spark (minibatches made on the executors) and bin/nas predict (scored images)
      org.nd4j.linalg.dataset.MultiDataSet.class,
      INDArray[].class,
      org.sparknas.spark.model.ModelPredictions.Prediction.class,
      // nas quality: the random baseline's item and answer, the retrain items
      org.sparknas.spark.cli.QualityJob.RandomItem.class,
      org.sparknas.spark.cli.QualityJob.RandomBest.class,
      org.sparknas.spark.cli.CompareJob.RetrainItem.class,
      // BossNAS: the path-parallel step's shared state, items and results, the rating's chunks and model
      org.sparknas.core.strategy.bossnas.PathStep.class,
      org.sparknas.core.strategy.bossnas.PathStep.Shared.class,
      org.sparknas.core.strategy.bossnas.PathStep.Run.class,
      org.sparknas.core.strategy.bossnas.PathGradients.class,
      org.sparknas.core.strategy.bossnas.ProjectionPair.class,
      org.sparknas.core.strategy.bossnas.BossnasSettings.class,
      org.sparknas.core.strategy.bossnas.CandidateRating.class,
      org.sparknas.core.strategy.bossnas.CentreRating.Chunk.class,
      org.sparknas.core.strategy.bossnas.CentreRating.Centred.class,
      org.sparknas.core.space.BlockPath.class,
      org.sparknas.spaces.natssize.NatsSizeSpace.class,
      org.sparknas.spaces.natssize.NatsSizeSettings.class,
      org.sparknas.spaces.mbconv.MbconvSpace.class,
      org.sparknas.spaces.mbconv.MbconvSettings.class,
      org.sparknas.spaces.hytra.HytraSpace.class,
      org.sparknas.spaces.hytra.HytraSettings.class,
      double[].class
  );

  /**
   * dl4j-spark's parameter-averaging broadcast (a whole DL4J network configuration, hundreds of
   * classes) and the per-task sums it aggregates (bin/nas retrain on Spark): they travel by Java
   * serialisation, which both support.
   */
  public static final List<Class<?>> JAVA_SERIALIZED = List.of(
      org.deeplearning4j.spark.api.worker.NetBroadcastTuple.class,
      org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple.class);

  @Override
  public void registerClasses(Kryo kryo) {
    // in an executor the first Kryo instance is usually the first use of ND4J: CUDA is tried here first
    // so that, where it cannot load, the reason names the missing library (Nd4jBackends)
    Nd4jBackends.tryCudaFirst();
    register(kryo, Nd4j.getBackend().getNDArrayClass());
  }

  /**
   * The registrations, with {@code arrayClass} (the backend's INDArray class) at the same position for
   * every backend: an array travels as its registration id and its data ({@link Nd4jSerializer}: shape,
   * type, values), so a CPU driver and CUDA executors read each other's arrays as their own kind.
   */
  static void register(Kryo kryo, Class<?> arrayClass) {
    kryo.addDefaultSerializer(INDArray.class, Nd4jSerializer.class);
    kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
    kryo.register(arrayClass, new Nd4jSerializer());
    for (Class<?> c : WIRE_CLASSES) {
      kryo.register(c);
    }
    for (Class<?> c : JAVA_SERIALIZED) {
      kryo.register(c, new JavaSerializer());
    }
    // List.of / List.copyOf lists in settings records (widths, layer counts)
    ImmutableListSerializer.register(kryo);
    // a data source loaded from settings travels as its settings; executors read the files themselves
    kryo.register(org.sparknas.core.data.DataSource.class, new DataSourceSerializer());
  }
}
