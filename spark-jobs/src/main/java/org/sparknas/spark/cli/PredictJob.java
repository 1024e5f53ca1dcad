package org.sparknas.spark.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.data.Cifar10Reader;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DatasetException;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.FashionMnistReader;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Split;
import org.sparknas.core.eval.Score;
import org.sparknas.core.model.ModelExport;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.spark.model.ModelPredictions;
import org.sparknas.spark.model.ModelPredictions.Prediction;
import org.sparknas.spark.session.HadoopConfs;

/**
 * {@code bin/nas predict --model URI --data URI --output URI [--format F] [--split test|train]
 * [--batch 256]}: scores one split of a dataset (Fashion-MNIST IDX or CIFAR-10 binary, on any Hadoop
 * URI) with an exported model on the executors, and writes {@code <output>/predictions/} as Parquet
 * (index, label, predicted, predicted_class, probabilities) and {@code <output>/summary.json} (accuracy
 * and loss where labels are known, images, time), with {@code <output>/_SUCCESS} last: the output is a
 * run directory, written atomically. The model card fixes the input shape, the normalisation and
 * the class names; the format defaults to the dataset the model was trained on.
 * <pre>{@code
 * String uri = new PredictJob("hdfs:///runs/r1/model", "hdfs:///data/fm", "hdfs:///preds/fm", null, "test", 256).run(spark);
 * }</pre>
 */
public final class PredictJob {
  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
  static final List<String> FORMATS = List.of(FashionMnistReader.NAME, Cifar10Reader.NAME);

  /** The Parquet schema of {@code predictions/}. */
  public static final StructType SCHEMA = new StructType()
      .add("index", DataTypes.LongType, false)
      .add("label", DataTypes.IntegerType, true)
      .add("predicted", DataTypes.IntegerType, false)
      .add("predicted_class", DataTypes.StringType, false)
      .add("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private final String model;
  private final String data;
  private final String output;
  private final String format;
  private final Split split;
  private final int batch;

  /**
   * @param format {@code fashion-mnist} or {@code cifar10}; null = the model's training dataset
   * @param split {@code test} or {@code train}
   */
  public PredictJob(String model, String data, String output, String format, String split, int batch) {
    this.model = require("--model", model);
    this.data = require("--data", data);
    this.output = require("--output", output);
    this.format = format;
    this.split = switch (split) {
      case "test" -> Split.TEST;
      case "train" -> Split.TRAIN;
      default -> throw new ConfigException("--split", "expected test or train, got '" + split + "'");
    };
    if (batch < 1) {
      throw new ConfigException("--batch", "must be >= 1, got " + batch);
    }
    this.batch = batch;
  }

  /** Checks the model and the data, scores on {@code spark}'s executors, writes; returns the output's URI. */
  public String run(SparkSession spark) throws IOException {
    Instant start = Instant.now();
    Configuration conf = HadoopConfs.current();
    ModelExport.Loaded loaded = ModelExport.read(model, conf);
    ModelExport.Card card = loaded.card();
    String f = format != null ? format : card.dataset();
    if (!FORMATS.contains(f)) {
      throw new ConfigException("--format", "'" + f + "' cannot be read from files; expected one of " + FORMATS);
    }
    DataSettings settings = DataSettings.defaults(f, data);
    ImageDataset images = split == Split.TEST ? Datasets.loadTest(settings, conf) : Datasets.loadTrain(settings, conf);
    long[] shape = {images.channels(), images.height(), images.width()};
    if (!Arrays.equals(shape, card.inputShape()) || images.numClasses() != card.classes().size()) {
      throw new DatasetException(data + ": images " + Arrays.toString(shape) + " with " + images.numClasses()
          + " classes, but the model takes " + Arrays.toString(card.inputShape()) + " with " + card.classes().size());
    }
    Path target = new Path(output);
    RunDirectory dir = RunDirectory.create(target.getParent().toString(), target.getName(), conf);
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      byte[] zip = ModelExport.modelBytes(model, conf);
      JavaRDD<Prediction> predictions = ModelPredictions.predict(sc, zip, settings, split, card.normalization(),
          images.size(), batch).persist(StorageLevel.MEMORY_AND_DISK_SER());
      Score score = ModelPredictions.score(predictions);
      List<String> classes = card.classes();
      JavaRDD<Row> rows = predictions.map(p -> RowFactory.create(p.index(), p.label() >= 0 ? p.label() : null,
          p.predicted(), classes.get(p.predicted()), p.probabilities()));
      spark.createDataFrame(rows, SCHEMA).write().parquet(dir.inProgressUri() + "/predictions");
      predictions.unpersist();
      double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("model", model);
      summary.put("architecture", card.architecture());
      summary.put("data", data);
      summary.put("format", f);
      summary.put("split", split.name().toLowerCase());
      summary.put("images", images.size());
      summary.put("accuracy", score.accuracy());
      summary.put("loss", score.loss());
      summary.put("seconds", seconds);
      dir.writeJson("summary.json", summary);
      dir.commit();
      LOG.info("predicted {} images of {} in {} s: accuracy {}", images.size(), data, seconds,
          String.format("%.4f", score.accuracy()));
      return dir.uri().toString();
    } catch (IOException | RuntimeException e) {
      dir.abort();
      throw e;
    }
  }

  private static String require(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(option, "predict needs " + option + " URI");
    }
    return value;
  }
}
