package org.sparknas.spark.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.backend.BackendFacts;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.BatchRecipe;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.data.SearchSplit;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.eval.CandidateScoring;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.rank.ScratchItem;
import org.sparknas.core.retrain.ScratchCurve;
import org.sparknas.core.retrain.ScratchState;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.strategy.fewshot.DartsBase;
import org.sparknas.core.strategy.fewshot.GradientDistance;
import org.sparknas.core.strategy.fewshot.GradientMatchingScore;
import org.sparknas.core.strategy.fewshot.RspsBase;
import org.sparknas.core.strategy.fewshot.SubSupernetState;
import org.sparknas.core.strategy.fewshot.SubnetTraining;
import org.sparknas.core.strategy.fewshot.SuccessiveHalving;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.Sgd;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.strategy.bossnas.BossnasSettings;
import org.sparknas.core.strategy.bossnas.CandidateRating;
import org.sparknas.core.strategy.bossnas.CentreRating;
import org.sparknas.core.strategy.bossnas.PathGradients;
import org.sparknas.core.strategy.bossnas.PathStep;
import org.sparknas.core.strategy.bossnas.ProjectionPair;
import org.sparknas.spaces.hytra.HytraSettings;
import org.sparknas.spaces.hytra.HytraSpace;
import org.sparknas.spaces.mbconv.MbconvSettings;
import org.sparknas.spaces.mbconv.MbconvSpace;
import org.sparknas.spaces.natssize.NatsSizeSettings;
import org.sparknas.spaces.natssize.NatsSizeSpace;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;
import org.sparknas.spark.runtime.ExecutorBackends;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import org.sparknas.spark.cli.CompareJob;
import org.sparknas.spark.cli.QualityJob;
import org.sparknas.spark.model.ModelPredictions;

@DisplayName("Kryo with NasKryoRegistrator and spark.kryo.registrationRequired=true")
class NasKryoRegistratorTest {

  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);
  /** 400 + 100 images of 1x8x8: 128 KB of pixels. */
  private static final DataSettings SYNTHETIC = DataSettings.defaults(SyntheticDataset.NAME, "")
      .withSynthetic(SyntheticDataset.defaults().withSizes(400, 100).withShape(1, 8, 8)).withSeed(17L);
  private static SerializerInstance kryo;

  @BeforeAll
  static void kryo() {
    SparkConf conf = new SparkConf(false)
        .set("spark.kryo.registrator", NasKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true");
    kryo = new KryoSerializer(conf).newInstance();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    return (T) kryo.deserialize(kryo.serialize(value, ANY), ANY);
  }

  @Test
  @DisplayName("INDArray, a non-contiguous view and HashMap<String, INDArray> come back equal")
  void ndArrays() {
    INDArray a = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(42L), 3, 4);
    INDArray back = roundTrip(a);
    assertArrayEquals(a.shape(), back.shape());
    assertArrayEquals(a.toFloatMatrix(), back.toFloatMatrix());

    INDArray view = a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
    assertArrayEquals(view.toFloatMatrix(), roundTrip(view).toFloatMatrix());

    HashMap<String, INDArray> params = new HashMap<>();
    params.put("cell0/w", a);
    params.put("alpha_normal", Nd4j.linspace(1, 6, 6).reshape(2, 3));
    HashMap<String, INDArray> copy = roundTrip(params);
    assertEquals(params.keySet(), copy.keySet());
    params.forEach((k, v) -> assertArrayEquals(v.toDoubleMatrix(), copy.get(k).toDoubleMatrix(), k));
  }

  @Test
  @DisplayName("arrays cross the wire as data: written by one backend's array class, read under another's, equal")
  void arraysCrossBackends() {
    // a CPU driver and CUDA executors register their own array class at the same position; the
    // stand-in here is ND4J's base class, which no backend instantiates
    Kryo cpu = kryoWith(Nd4j.getBackend().getNDArrayClass());
    Kryo other = kryoWith(org.nd4j.linalg.api.ndarray.BaseNDArray.class);
    assertEquals(cpu.getRegistration(Nd4j.getBackend().getNDArrayClass()).getId(),
        other.getRegistration(org.nd4j.linalg.api.ndarray.BaseNDArray.class).getId());
    HashMap<String, INDArray> weights = new HashMap<>();
    weights.put("cell0/w", Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(5L), 2, 3, 4));
    weights.put("alpha_normal", Nd4j.linspace(1, 6, 6).reshape(2, 3).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
    Output out = new Output(1 << 16);
    cpu.writeClassAndObject(out, weights);
    String bytes = new String(out.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains("nativecpu") || bytes.contains("NDArray"), "no backend class name on the wire");
    @SuppressWarnings("unchecked")
    HashMap<String, INDArray> back = (HashMap<String, INDArray>) other.readClassAndObject(new Input(out.toBytes()));
    weights.forEach((k, v) -> {
      assertEquals(v.dataType(), back.get(k).dataType(), k);
      assertArrayEquals(v.shape(), back.get(k).shape(), k);
      assertArrayEquals(v.dup().data().asDouble(), back.get(k).dup().data().asDouble(), k);
      // whatever class the writer registered there, the reader gets arrays of the backend it runs
      assertEquals(Nd4j.getBackend().getNDArrayClass(), back.get(k).getClass(), k);
    });
  }

  /** A Kryo set up as Spark sets up its own, then registered as NasKryoRegistrator does with {@code arrayClass}. */
  private static Kryo kryoWith(Class<?> arrayClass) {
    Kryo k = new KryoSerializer(new SparkConf(false).set("spark.kryo.registrationRequired", "true")).newKryo();
    NasKryoRegistrator.register(k, arrayClass);
    return k;
  }

  @Test
  @DisplayName("a data source loaded from settings crosses the wire as its settings and resolves to this JVM's copy")
  void dataSourceTravelsAsSettings() {
    DataSource loaded = Datasets.load(SYNTHETIC);
    int bytes = kryo.serialize(loaded, ANY).remaining();
    assertTrue(bytes < 1024, "a loaded source is sent as settings, not pixels: " + bytes + " bytes");
    assertSame(loaded, roundTrip(loaded));
    DataSource inMemory = new DataSource("copy", loaded.search(), loaded.normalization(),
        loaded.augmentation(), loaded.seed());
    assertTrue(kryo.serialize(inMemory, ANY).remaining() > 400 * 64 * 4, "a source without settings travels whole");
  }

  @Test
  @DisplayName("a data source this JVM no longer holds is read again from its settings, equal to the original")
  void dataSourceReloadsOnAColdExecutor() {
    DataSource loaded = Datasets.load(SYNTHETIC);
    // a JVM keeps its two latest sources: load two others, as a fresh executor would not hold this one
    Datasets.load(SYNTHETIC.withSeed(18L));
    Datasets.load(SYNTHETIC.withSeed(19L));
    DataSource back = roundTrip(loaded);
    assertNotSame(loaded, back);
    assertEquals(loaded.settings(), back.settings());
    assertSameValue(loaded.search(), back.search(), "search split");
    assertSameValue(loaded.normalization(), back.normalization(), "normalization");
  }

  @Test
  @DisplayName("every class in WIRE_CLASSES round-trips")
  void everyWireClass() {
    Map<Class<?>, Object> samples = new LinkedHashMap<>();
    samples.put(ArrayList.class, new ArrayList<>(List.of(1, 2, 3)));
    samples.put(HashMap.class, new HashMap<>(Map.of("a", 1.5)));
    samples.put(LinkedHashMap.class, new LinkedHashMap<>(Map.of("b", 2L)));
    samples.put(TreeMap.class, new TreeMap<>(Map.of("c", "d")));
    samples.put(double[][].class, new double[][] {{1.0, 2.0}, {3.0}});
    samples.put(float[][].class, new float[][] {{1f}, {2f, 3f}});
    samples.put(boolean[].class, new boolean[] {true, false});
    samples.put(boolean[][].class, new boolean[][] {{true}, {false, true}});
    samples.put(int[][].class, new int[][] {{1, 2}});
    samples.put(long[][].class, new long[][] {{3L}, {}});
    samples.put(float[].class, new float[] {0.5f, -1f});
    samples.put(int[].class, new int[] {4, 5, 6});
    samples.put(long[].class, new long[] {1L, 28L, 28L});
    // candidate scoring: the shared state of RSPS's rsps/candidates batch and its results
    Nb201Space nb201 = new Nb201Space(4, 1, 2, new long[] {1, 8, 8}, 3);
    ParameterSet weights = new ParameterSet(Map.of(
        "cell0/w", Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(3L), 2, 3),
        "stem/b", Nd4j.linspace(1, 4, 4)));
    ParameterSet alphas = new ParameterSet(Map.of("alpha_cell", Nd4j.zeros(6, 5).addi(0.25)));
    SupernetParameters params = new SupernetParameters(weights, alphas, new ParameterSet(), 11L);
    ImageDataset images = ImageDataset.of("tiny", new float[] {0f, 0.5f, 1f, 0.25f, 0.75f, 0.125f, 0.5f, 1f},
        new int[] {0, 2}, 1, 2, 2, 3);
    Normalization norm = Normalization.of(new double[] {0.5}, new double[] {0.25});
    DataSource tiny = new DataSource("tiny", SearchSplit.of(images, 0, 0.5, 1L), norm,
        new Augmentation(false, 4, true), 3L);
    samples.put(CandidateScoring.class, new CandidateScoring(nb201, params, tiny, new int[] {1, 0}, 64,
        BatchNormMode.BATCH));
    samples.put(Score.class, new Score(0.75, 0.5, 2));
    samples.put(Candidate.class, new Candidate("|none~0|+|skip_connect~0|nor_conv_1x1~1|", 0.5, "sample 3"));
    samples.put(SupernetParameters.class, params);
    samples.put(ParameterSet.class, weights);
    samples.put(ImageDataset.class, images);
    samples.put(Normalization.class, norm);
    samples.put(Augmentation.class, new Augmentation(true, 4, true));
    samples.put(BatchNormMode.class, BatchNormMode.RUNNING);
    samples.put(Nb201Space.class, nb201);
    samples.put(DartsSpace.class, new DartsSpace(8, 5, false, new long[] {3, 32, 32}, 10));
    org.sparknas.core.space.Encoding encoding = org.sparknas.core.space.Encoding.full(nb201);
    samples.put(org.sparknas.core.train.DataParallel.Work.class, new org.sparknas.core.train.DataParallel.Work(
        nb201, params, encoding, BatchNormMode.TRAIN, new ArrayList<>(List.of("cell0/w"))));
    samples.put(org.sparknas.core.train.DataParallel.ShardResult.class,
        new org.sparknas.core.train.DataParallel.ShardResult(0.25, Nd4j.linspace(1, 4, 4).reshape(2, 2),
            new HashMap<>(Map.of("cell0/w", Nd4j.ones(2, 2))), weights));
    samples.put(org.sparknas.core.data.Batch.class, new org.sparknas.core.data.Batch(Nd4j.zeros(2, 1, 2, 2),
        Nd4j.eye(2), new int[] {0, 1}));
    samples.put(org.sparknas.core.space.Encoding.class, encoding);
    BatchRecipe recipe = new BatchRecipe(tiny, BatchRecipe.Half.VALID, new int[] {0}, 5L);
    samples.put(BatchRecipe.class, recipe);
    samples.put(BatchRecipe.Half.class, BatchRecipe.Half.TRAIN);
    samples.put(org.sparknas.core.train.DataParallel.Shard.class,
        new org.sparknas.core.train.DataParallel.Shard(recipe, null));
    samples.put(DataSettings.class, SYNTHETIC);
    samples.put(SyntheticDataset.class, SYNTHETIC.synthetic());
    samples.put(CompareJob.Work.class, new CompareJob.Work(
        "conf/compare-darts-nb201.conf", new HashMap<>(Map.of("nas.train.epochs", "2")), "compare-1"));
    samples.put(CompareJob.Item.class, new CompareJob.Item("sddarts", 3L));
    samples.put(GradientMatchingScore.Work.class, new GradientMatchingScore.Work(nb201, params, encoding, tiny, 2,
        GradientDistance.COS, "9f2c"));
    samples.put(GradientMatchingScore.Item.class, new GradientMatchingScore.Item("cell", 3, 7, -12345L));
    samples.put(GradientDistance.class, GradientDistance.MSE);
    fewShotSamples(samples, nb201, params, images, norm, encoding);
    // ranking study: one from-scratch item, the shared training state (space, data, settings), a curve
    ImageDataset four = ImageDataset.of("four", new float[16], new int[] {0, 1, 2, 0}, 1, 2, 2, 3);
    SearchSplit fourSplit = SearchSplit.of(four, 0, 0.5, 7L);
    DataSource fourData = new DataSource("four", fourSplit, norm, new Augmentation(false, 4, false), 3L);
    TrainSettings train = new TrainSettings(new TrainSettings.Schedule(2, 16, 3, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5.0), new TrainSettings.Scoring(0, 48), 1, 30.0);
    samples.put(ScratchItem.class, new ScratchItem(7, "|none~0|+|skip_connect~0|nor_conv_1x1~1|", -5L));
    samples.put(ScratchTraining.class, new ScratchTraining(nb201, fourData, train));
    ScratchCurve curve = new ScratchCurve("|none~0|", new double[] {1.5, 1.0}, new double[] {0.25, 0.5},
        new double[] {1.25, 0.75}, new double[] {0.5, 0.75});
    samples.put(ScratchCurve.class, curve);
    samples.put(SuccessiveHalving.Round.class, new SuccessiveHalving.Round(new ScratchTraining(nb201, fourData, train),
        30, "fewshot-gm/select/halving/round-1"));
    Sgd stepped = new Sgd(0.9, true, 3e-4);
    stepped.step(params.weights().copy(), Map.of("cell0/w", Nd4j.ones(2, 3)), 0.1);
    samples.put(ScratchState.class, new ScratchState("|none~0|", 7L, params, stepped, curve));
    // an executor's backend report: a CUDA executor's facts as a CPU driver receives them
    BackendFacts.Device gpu = new BackendFacts.Device(1, "NVIDIA A100-SXM4-40GB", "8.0", 42_949_672_960L);
    LinkedHashMap<String, String> details = new LinkedHashMap<>(Map.of("cuda_runtime", "11.6", "cudnn", "8.3.2"));
    BackendFacts cuda = new BackendFacts(BackendFacts.CUDA, new ArrayList<>(List.of(gpu)), details);
    samples.put(BackendFacts.Device.class, gpu);
    samples.put(BackendFacts.class, cuda);
    samples.put(ExecutorBackends.Report.class, new ExecutorBackends.Report("3", "gpu-node-7",
        new ArrayList<>(List.of("1")), cuda, null));
    // bin/nas retrain's executor-made minibatches and bin/nas predict's scored images
    samples.put(org.nd4j.linalg.dataset.MultiDataSet.class, new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {Nd4j.linspace(1, 8, 8).reshape(2, 1, 2, 2)}, new INDArray[] {Nd4j.eye(2), Nd4j.eye(2)}));
    samples.put(INDArray[].class, new INDArray[] {Nd4j.ones(2), Nd4j.zeros(1, 3)});
    samples.put(ModelPredictions.Prediction.class, new ModelPredictions.Prediction(7L, 2, 1, new float[] {0.25f, 0.5f,
        0.25f}));
    samples.put(QualityJob.RandomItem.class, new QualityJob.RandomItem(3L, 120.5));
    samples.put(QualityJob.RandomBest.class, new QualityJob.RandomBest(3L, "|none~0|", 0.75, 12, 118.0));
    samples.put(CompareJob.RetrainItem.class, new CompareJob.RetrainItem("random", 3L, "|none~0|"));
    bossnasSamples(samples, params, tiny);
    assertEquals(NasKryoRegistrator.WIRE_CLASSES.size(), samples.size(), "give every wire class a sample here");
    for (Class<?> c : NasKryoRegistrator.WIRE_CLASSES) {
      Object sample = Objects.requireNonNull(samples.get(c), "no sample for " + c.getName());
      Object back = roundTrip(sample);
      assertEquals(c, back.getClass());
      assertSameValue(sample, back, c.getSimpleName());
    }
  }

  /** BossNAS's path-parallel step (shared state, item, result) and rating (chunk, model, centre), and the spaces. */
  private static void bossnasSamples(Map<Class<?>, Object> samples, SupernetParameters params, DataSource data) {
    NatsSizeSpace nats = new NatsSizeSpace(NatsSizeSettings.REFERENCE, new long[] {1, 2, 2}, 3);
    BossnasSettings settings = BossnasSettings.from(new Settings(ConfigLoader.load(null, Map.of())));
    PathStep step = new PathStep(nats, settings, data, 3L, List.of(BlockPath.of(7, 3)), List.of("stem/"));
    ProjectionPair pair = new ProjectionPair(Nd4j.linspace(1, 6, 6).reshape(2, 3), Nd4j.ones(2, 3));
    samples.put(PathStep.class, step);
    samples.put(PathStep.Shared.class, new PathStep.Shared(step, params, params, new int[] {1, 0}, 9L, pair));
    samples.put(PathStep.Run.class, new PathStep.Run(new ArrayList<>(List.of(BlockPath.of(0, 1))), new int[] {0}));
    samples.put(PathGradients.class, new PathGradients(-1.5, new HashMap<>(Map.of("stem/w", Nd4j.ones(2, 2)))));
    samples.put(ProjectionPair.class, pair);
    samples.put(BossnasSettings.class, settings);
    CandidateRating model = new CandidateRating(step, params, params, new int[] {0, 1}, List.of(new int[] {1}));
    samples.put(CandidateRating.class, model);
    samples.put(CentreRating.Chunk.class, new CentreRating.Chunk<>(new ArrayList<>(List.of(BlockPath.of(2)))));
    samples.put(CentreRating.Centred.class, new CentreRating.Centred<>(model, new ArrayList<>(List.of(pair))));
    samples.put(BlockPath.class, BlockPath.of(5, 5, 4, 2));
    samples.put(NatsSizeSpace.class, nats);
    samples.put(NatsSizeSettings.class, NatsSizeSettings.REFERENCE);
    MbconvSettings mbconv = new MbconvSettings(32, 1, 0.25, List.of(2, 4, 4, 4, 4));
    samples.put(MbconvSpace.class, new MbconvSpace(mbconv, new long[] {3, 32, 32}, 10));
    samples.put(MbconvSettings.class, mbconv);
    HytraSettings hytra = new HytraSettings(32, 1, 0.0625, 8, 4);
    samples.put(HytraSpace.class, new HytraSpace(hytra, new long[] {3, 32, 32}, 10));
    samples.put(HytraSettings.class, hytra);
    samples.put(double[].class, new double[] {-3.5, 0.25});
  }

  /** The few-shot training task's shared state, work item and result, with optimiser states that have stepped. */
  private static void fewShotSamples(Map<Class<?>, Object> samples, Nb201Space space, SupernetParameters params,
      ImageDataset images, Normalization norm, Encoding encoding) {
    TrainSettings train = new TrainSettings(new TrainSettings.Schedule(2, 16, 3, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5.0), new TrainSettings.Scoring(0, 48), 1, 30.0);
    DartsSettings darts = new DartsSettings(2, 3e-4, 0.5, 0.999, 1e-3);
    RspsSettings rsps = new RspsSettings(5, true);
    Sgd sgd = new Sgd(0.9, true, 3e-4);
    sgd.step(params.weights().copy(), Map.of("cell0/w", Nd4j.ones(2, 3)), 0.1);
    Adam adam = new Adam(0.5, 0.999, 1e-8, 1e-3);
    adam.step(params.alphas().copy(), Map.of("alpha_cell", Nd4j.ones(6, 5)), 3e-4);
    CosineSchedule schedule = new CosineSchedule(0.025, 0.001, 5);
    SubSupernetState state = new SubSupernetState("0.1", encoding, params, sgd, adam, schedule, 2, 3);
    SubSupernetState noAdam = new SubSupernetState("root", encoding, params, sgd, null, schedule, 0, 0);
    SearchSplit split = SearchSplit.of(images, 0, 0.5, 1L);
    DataSource data = new DataSource("tiny", split, norm, new Augmentation(false, 4, true), 3L);
    DartsBase dartsBase = new DartsBase(darts, train);
    EpochRow.Subnet subnet = new EpochRow.Subnet("0.1", 2, true);
    EpochRow.Distillation distillation = new EpochRow.Distillation(1.0, 0.125, 3, 2);
    EpochRow.Validation validation = new EpochRow.Validation(1.5, 0.25, "|none~0|",
        new LinkedHashMap<>(Map.of("cell", new double[][] {{0.5, 0.5}})));
    EpochRow.Analysis analysis = new EpochRow.Analysis(0.75, 0.5, 1.25, null);
    EpochRow row = EpochRow.head("fewshot-gm/darts", 2, 0.025, 1.25, 0.5).withSubnet(subnet).withTau(0.5)
        .withDistillation(distillation).withValidation(validation).withAnalysis(analysis).withElapsedSeconds(9.5);
    samples.put(EpochRow.class, row);
    samples.put(EpochRow.Subnet.class, subnet);
    samples.put(EpochRow.Distillation.class, distillation);
    samples.put(EpochRow.Validation.class, validation);
    samples.put(EpochRow.Analysis.class, analysis);
    samples.put(SubnetTraining.class, new SubnetTraining(space, data, train, dartsBase, 30, 7L));
    samples.put(SubnetTraining.Work.class, new SubnetTraining.Work(noAdam, 1, 0, 4));
    samples.put(SubnetTraining.Trained.class, new SubnetTraining.Trained(state, new ArrayList<>(List.of(row))));
    samples.put(SubSupernetState.class, state);
    samples.put(DartsBase.class, dartsBase);
    samples.put(RspsBase.class, new RspsBase(rsps, train));
    org.sparknas.core.strategy.snas.SnasSettings snas = new org.sparknas.core.strategy.snas.SnasSettings(1.0, 0.1,
        new org.sparknas.core.supernet.AlphaInit(1, 0.01), 3e-4, 0.5, 0.999, 1e-3);
    samples.put(org.sparknas.core.strategy.fewshot.SnasBase.class, new org.sparknas.core.strategy.fewshot.SnasBase(snas, train));
    samples.put(org.sparknas.core.strategy.snas.SnasSettings.class, snas);
    samples.put(org.sparknas.core.supernet.AlphaInit.class, new org.sparknas.core.supernet.AlphaInit(1, 0.01));
    samples.put(DartsSettings.class, darts);
    samples.put(RspsSettings.class, rsps);
    samples.put(TrainSettings.class, train);
    samples.put(TrainSettings.Schedule.class, train.schedule());
    samples.put(TrainSettings.SgdSettings.class, train.sgd());
    samples.put(TrainSettings.Scoring.class, train.scoring());
    samples.put(DataSource.class, data);
    samples.put(SearchSplit.class, split);
    samples.put(Sgd.class, sgd);
    samples.put(Adam.class, adam);
    samples.put(CosineSchedule.class, schedule);
  }

  /**
   * Structural equality for what crosses the wire: arrays element-wise, INDArrays by shape and values,
   * records component by component, and the array-holding classes without equals() by their accessors.
   */
  private static void assertSameValue(Object expected, Object actual, String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
      return;
    }
    assertEquals(expected.getClass(), actual.getClass(), where);
    if (expected instanceof INDArray e) {
      INDArray a = (INDArray) actual;
      assertArrayEquals(e.shape(), a.shape(), where);
      assertArrayEquals(e.dup().data().asDouble(), a.dup().data().asDouble(), where);
    } else if (expected instanceof ParameterSet e) {
      ParameterSet a = (ParameterSet) actual;
      assertEquals(e.names(), a.names(), where);
      for (String n : e.names()) {
        assertSameValue(e.get(n), a.get(n), where + "." + n);
      }
    } else if (expected instanceof ImageDataset e) {
      ImageDataset a = (ImageDataset) actual;
      assertEquals(e.toString(), a.toString(), where);
      assertArrayEquals(e.labels(), a.labels(), where);
      for (int i = 0; i < e.size(); i++) {
        assertArrayEquals(e.image(i), a.image(i), where + " image " + i);
      }
    } else if (expected instanceof SearchSplit e) {
      SearchSplit a = (SearchSplit) actual;
      assertArrayEquals(e.trainIndices(), a.trainIndices(), where);
      assertArrayEquals(e.validIndices(), a.validIndices(), where);
      assertSameValue(e.train(), a.train(), where + ".train");
      assertSameValue(e.valid(), a.valid(), where + ".valid");
    } else if (expected instanceof Normalization e) {
      Normalization a = (Normalization) actual;
      assertEquals(e.channels(), a.channels(), where);
      for (int c = 0; c < e.channels(); c++) {
        assertEquals(e.mean(c), a.mean(c), where);
        assertEquals(e.std(c), a.std(c), where);
      }
    } else if (expected instanceof SearchSplit e) {
      SearchSplit a = (SearchSplit) actual;
      assertSameValue(e.train(), a.train(), where + ".train");
      assertSameValue(e.valid(), a.valid(), where + ".valid");
      assertArrayEquals(e.trainIndices(), a.trainIndices(), where);
      assertArrayEquals(e.validIndices(), a.validIndices(), where);
    } else if (expected instanceof Sgd || expected instanceof Adam || expected instanceof PathStep
        || expected instanceof CandidateRating || expected instanceof BlockwiseSpace) {
      // no equals(): the same state serialises to the same bytes
      assertArrayEquals(Checkpoints.serialize((java.io.Serializable) expected),
          Checkpoints.serialize((java.io.Serializable) actual), where);
    } else if (expected instanceof Map<?, ?> e && !(expected instanceof TreeMap)) {
      Map<?, ?> a = (Map<?, ?>) actual;
      assertEquals(e.keySet(), a.keySet(), where);
      e.forEach((k, v) -> assertSameValue(v, a.get(k), where + "." + k));
    } else if (expected instanceof List<?> e) {
      List<?> a = (List<?>) actual;
      assertEquals(e.size(), a.size(), where);
      for (int i = 0; i < e.size(); i++) {
        assertSameValue(e.get(i), a.get(i), where + "[" + i + "]");
      }
    } else if (expected.getClass().isRecord()) {
      for (RecordComponent rc : expected.getClass().getRecordComponents()) {
        try {
          assertSameValue(rc.getAccessor().invoke(expected), rc.getAccessor().invoke(actual), where + "." + rc.getName());
        } catch (ReflectiveOperationException ex) {
          throw new AssertionError(where + "." + rc.getName(), ex);
        }
      }
    } else {
      assertTrue(Objects.deepEquals(expected, actual), where + ": " + expected + " != " + actual);
    }
  }

  @Test
  @DisplayName("dl4j-spark's broadcast and aggregated sums travel by Java serialisation and come back equal")
  void dl4jSparkClasses() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
        .addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).build(), "in").setOutputs("out").build();
    NetBroadcastTuple tuple = roundTrip(new NetBroadcastTuple(conf, Nd4j.linspace(1, 8, 8), Nd4j.ones(3)));
    assertEquals(conf.toJson(), tuple.getGraphConfiguration().toJson());
    assertEquals(Nd4j.linspace(1, 8, 8), tuple.getParameters());
    ParameterAveragingAggregationTuple sum = roundTrip(new ParameterAveragingAggregationTuple(Nd4j.ones(4),
        Nd4j.zeros(2), 1.5, 2, null, null, null, null));
    assertEquals(2, sum.getAggregationsCount());
    assertEquals(Nd4j.ones(4), sum.getParametersSum());
    assertEquals(NasKryoRegistrator.JAVA_SERIALIZED, List.of(NetBroadcastTuple.class,
        ParameterAveragingAggregationTuple.class));
  }

  record Unlisted(int x) {}

  private record Trial(String arch, double score, double[] alphas, Trial parent) {
    Trial {
      if (arch.isEmpty()) {
        throw new IllegalArgumentException("empty arch");
      }
    }
  }

  @Test
  @DisplayName("records (private, nested, with arrays and nulls) round-trip through RecordSerializer")
  void records() {
    Kryo k = new KryoSerializer(new SparkConf(false)
        .set("spark.kryo.registrator", NasKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true")).newKryo();
    k.register(Trial.class);
    Trial c = new Trial("|nor_conv_3x3~0|", 0.5, new double[] {1, 2},
        new Trial("|none~0|", 0.1, null, null));
    Output out = new Output(256, -1);
    k.writeClassAndObject(out, c);
    Trial back = (Trial) k.readClassAndObject(new Input(out.toBytes()));
    assertEquals(c.arch(), back.arch());
    assertEquals(c.score(), back.score());
    assertArrayEquals(c.alphas(), back.alphas());
    assertEquals(c.parent().arch(), back.parent().arch());
    assertNull(back.parent().alphas());
  }

  @Test
  @DisplayName("registration really is required: an unlisted class is refused")
  void unlistedClassIsRefused() {
    Exception e = assertThrows(Exception.class, () -> kryo.serialize(new Unlisted(1), ANY));
    assertTrue(String.valueOf(e.getMessage()).contains("Class is not registered"), e.getMessage());
  }
}
