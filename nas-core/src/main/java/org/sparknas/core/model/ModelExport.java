package org.sparknas.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.sparknas.core.data.DatasetException;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.report.RunDirectory;

/**
 * A run's {@code model/} directory: {@code model.zip}, the inference graph saved with DL4J's
 * {@link ModelSerializer} (any DL4J user loads it with {@code ModelSerializer.restoreComputationGraph}:
 * it holds only DL4J classes, no auxiliary head, no drop-path, no updater state), and
 * {@code model.json}, the {@link Card} saying what goes in (input shape and normalisation) and what
 * comes out (class names).
 * <pre>{@code
 * ModelExport.write(runDirectory, ModelExport.forInference(trained, inferenceConfiguration), card);
 * ModelExport.Loaded m = ModelExport.read("hdfs:///nas/runs/retrain-1/model", conf);
 * }</pre>
 */
public final class ModelExport {
  static {
    Dl4jHelpers.enable();
  }

  /** Version of the {@code model/} layout and {@code model.json} schema this class writes and reads. */
  public static final int FORMAT_VERSION = 1;
  public static final String MODEL = "model.zip";
  public static final String CARD = "model.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelExport() {}

  /**
   * What a user of the exported graph needs to know: feed {@code [N, channels, height, width]} images
   * scaled to [0, 1] and normalised per channel with {@code mean} and {@code std}; output 0 gives
   * softmax probabilities over {@code classes} in order.
   */
  public record Card(@JsonProperty("format_version") int formatVersion, String architecture, String space,
      String dataset, @JsonProperty("input_shape") long[] inputShape, double[] mean, double[] std,
      List<String> classes, long parameters, @JsonProperty("multiply_adds") long multiplyAdds) {

    public Normalization normalization() {
      return Normalization.of(mean, std);
    }
  }

  /** A model read back: the graph and its card. */
  public record Loaded(ComputationGraph graph, Card card) {}

  /** The card of a model trained on images normalised by {@code n}. */
  public static Card card(String architecture, String space, String dataset, long[] inputShape, Normalization n,
      List<String> classes, ModelCost cost) {
    double[] mean = new double[n.channels()];
    double[] std = new double[n.channels()];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = n.mean(c);
      std[c] = n.std(c);
    }
    return new Card(FORMAT_VERSION, architecture, space, dataset, inputShape, mean, std, classes, cost.parameters(),
        cost.multiplyAdds());
  }

  /**
   * The inference graph of {@code inference} (the same architecture built without auxiliary head and
   * drop-path) holding the trained values of {@code trained}, copied layer by layer by name.
   */
  public static ComputationGraph forInference(ComputationGraph trained, ComputationGraphConfiguration inference) {
    ComputationGraph g = new ComputationGraph(inference);
    g.init();
    for (Layer layer : g.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      Layer source = trained.getLayer(name);
      if (source == null) {
        throw new IllegalArgumentException("the trained graph has no layer " + name);
      }
      layer.paramTable().forEach((key, value) -> value.assign(source.getParam(key)));
    }
    return g;
  }

  /** Writes {@code model/model.zip} and {@code model/model.json} into the run directory. */
  public static void write(RunDirectory dir, ComputationGraph inference, Card card) throws IOException {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    ModelSerializer.writeModel(inference, zip, false);
    dir.writeAtomically("model/" + MODEL, zip.toByteArray());
    dir.writeAtomically("model/" + CARD, JSON.writeValueAsBytes(card));
  }

  /** Reads a {@code model/} directory from any Hadoop URI; a missing or foreign file is a {@link DatasetException}. */
  public static Loaded read(String modelDir, Configuration conf) {
    Card card;
    try {
      card = JSON.readValue(readAll(modelDir, CARD, conf), Card.class);
    } catch (IOException e) {
      throw new DatasetException(modelDir + "/" + CARD + ": not a SparkNAS model card: " + e.getMessage(), e);
    }
    if (card.formatVersion() != FORMAT_VERSION) {
      throw new DatasetException(modelDir + "/" + CARD + ": format version " + card.formatVersion()
          + ", this build reads version " + FORMAT_VERSION);
    }
    try (InputStream in = new ByteArrayInputStream(modelBytes(modelDir, conf))) {
      return new Loaded(ModelSerializer.restoreComputationGraph(in, false), card);
    } catch (IOException e) {
      throw new DatasetException(modelDir + "/" + MODEL + ": not a DL4J model: " + e.getMessage(), e);
    }
  }

  /** The ModelSerializer bytes of {@code modelDir/model.zip}, e.g. to broadcast them. */
  public static byte[] modelBytes(String modelDir, Configuration conf) {
    return readAll(modelDir, MODEL, conf);
  }

  /** The bytes of {@code modelDir/name}. */
  static byte[] readAll(String modelDir, String name, Configuration conf) {
    Path p = new Path(new Path(modelDir), name);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return in.readAllBytes();
    } catch (IOException | IllegalArgumentException e) {
      throw new DatasetException(p + ": cannot be read: " + e.getMessage(), e);
    }
  }
}
