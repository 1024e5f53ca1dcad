package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.model.ModelExport;
import org.sparknas.core.model.ModelScoring;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.spark.cli.PredictJob;
import org.sparknas.spark.session.SparkSessions;

/**
 * {@code nas retrain} then {@code nas predict} with data, run directory, model and predictions on an
 * in-process HDFS: the Parquet predictions read back with Spark, one row per test image, and equal the
 * exported model's own outputs on those images; the summary's accuracy is the rows'.
 */
@DisplayName("retrain and predict with everything on HDFS (MiniDFSCluster)")
class PredictOnHdfsTest {
  @TempDir static File base;
  @TempDir Path tmp;
  private static MiniDFSCluster hdfs;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void startHdfs() throws IOException {
    hdfs = new MiniDFSCluster.Builder(new Configuration(), base).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    root = hdfs.getURI().toString();
    IdxFixtures.write(fs, "/fm", "train", 96, 1);
    IdxFixtures.write(fs, "/fm", "t10k", 40, 2);
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  @DisplayName("Parquet predictions of every test image, equal to the model's outputs, with _SUCCESS and the accuracy")
  void retrainThenPredict() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    try {
      Path conf = TinyJobs.conf(tmp, "fm.conf", "rsps", root + "/runs", "format = fashion-mnist, path = \"" + root
          + "/fm\"", "retrain { epochs = 1, eval-images = 0 }");
      TinyJobs.runOk("retrain", "--config", conf.toString(), "--set", "nas.retrain.architecture=" + RetrainJobTest.CELL,
          "--set", "nas.run-id=r");
      TinyJobs.runOk("predict", "--model", root + "/runs/r/model", "--data", root + "/fm", "--output",
          root + "/preds/p1", "--batch", "16", "--master", "local[2]");
    } finally {
      System.clearProperty("spark.ui.enabled");
    }
    String out = root + "/preds/p1";
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + RunDirectory.SUCCESS)));
    JsonNode summary = TinyJobs.json(read(out + "/summary.json"));
    assertEquals(40, summary.get("images").asInt());

    Configuration hadoop = fs.getConf();
    ModelExport.Loaded model = ModelExport.read(root + "/runs/r/model", hadoop);
    ImageDataset test = Datasets.loadTest(DataSettings.defaults("fashion-mnist", root + "/fm"), hadoop);
    INDArray expected = ModelScoring.probabilities(model.graph(), test, java.util.stream.IntStream.range(0, 40)
        .toArray(), model.card().normalization());

    // a plain reader, as a user's would be: Spark SQL's own classes are not ours to register
    SparkSession spark = SparkSessions.getOrCreate("local[1]", java.util.Map.of("spark.ui.enabled", "false",
        "spark.kryo.registrationRequired", "false"));
    try {
      List<Row> rows = spark.read().parquet(out + "/predictions").orderBy("index").collectAsList();
      // Parquet gives every column back as nullable; names and types must be ours
      assertEquals(PredictJob.SCHEMA.simpleString(), spark.read().parquet(out + "/predictions").schema().simpleString());
      assertEquals(40, rows.size());
      int correct = 0;
      for (Row r : rows) {
        int i = (int) r.getLong(0);
        assertEquals(test.label(i), r.getInt(1), "true label of image " + i);
        assertEquals(ModelScoring.argmax(expected, i), r.getInt(2), "prediction of image " + i);
        assertEquals(model.card().classes().get(r.getInt(2)), r.getString(3));
        List<Float> p = r.getList(4);
        for (int k = 0; k < p.size(); k++) {
          assertEquals(expected.getDouble(i, k), p.get(k), 1e-6, "probability " + k + " of image " + i);
        }
        correct += r.getInt(1) == r.getInt(2) ? 1 : 0;
      }
      assertEquals(correct / 40.0, summary.get("accuracy").asDouble(), 1e-12);
    } finally {
      spark.stop();
    }
  }

  private static String read(String uri) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
