package org.sparknas.spark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.spaces.SpaceSettings;

/**
 * What {@code bin/nas retrain} trains, from the {@code nas.retrain} block: the architecture (given as
 * {@code architecture}, or named by the {@code result.json} of the finished search run {@code from-run}),
 * the space skeleton it is built in ({@code nas.space} with {@code channels} and {@code cells} when set),
 * the training images and how the epochs run.
 *
 * @param source where the architecture came from: the key, or the run's URI
 * @param subset training images, 0 = the whole training split
 * @param evalImages training images scored after every epoch
 * @param distributed train with dl4j-spark on the executors instead of on the driver
 * @param averagingFrequency minibatches per worker between parameter averagings
 */
public record RetrainTarget(String architecture, String source, SpaceSettings space, int subset, int evalImages,
    boolean distributed, int averagingFrequency) {

  private static final String ARCHITECTURE = "nas.retrain.architecture";
  private static final String FROM_RUN = "nas.retrain.from-run";

  public static RetrainTarget from(Settings s, Configuration conf) {
    String given = s.string(ARCHITECTURE).strip();
    String run = s.string(FROM_RUN).strip();
    if (given.isEmpty() == run.isEmpty()) {
      throw new ConfigException(ARCHITECTURE, "retrain needs exactly one of " + ARCHITECTURE + " (a canonical string) "
          + "and " + FROM_RUN + " (a search run directory); got " + (given.isEmpty() ? "neither" : "both"));
    }
    SpaceSettings space = SpaceSettings.from(s);
    String architecture = given;
    String source = ARCHITECTURE;
    if (!run.isEmpty()) {
      Map<String, Object> result = result(run, conf);
      if (!(result.get("architecture") instanceof String a) || !(result.get("space") instanceof String name)) {
        throw new ConfigException(FROM_RUN, run + "/result.json names no architecture and space");
      }
      if (!name.equals(space.name())) {
        throw new ConfigException(FROM_RUN, "run " + run + " searched space " + name + ", but nas.space.name is "
            + space.name() + "; set nas.space.name=" + name);
      }
      architecture = a;
      source = run;
    }
    int channels = s.intIn("nas.retrain.channels", 0, 4096);
    int cells = s.intIn("nas.retrain.cells", 0, 1000);
    SpaceSettings skeleton = new SpaceSettings(space.name(), channels > 0 ? channels : space.channels(),
        cells > 0 ? cells : space.cells(), space.stages(), space.withNone(), space.stemStride(), space.hytra(),
        space.mbconv(), space.natsSize());
    return new RetrainTarget(architecture, source, skeleton, s.intIn("nas.retrain.subset", 0, Integer.MAX_VALUE),
        s.intIn("nas.retrain.eval-images", 0, Integer.MAX_VALUE), s.bool("nas.retrain.distributed"),
        s.intIn("nas.retrain.averaging-frequency", 1, 1_000_000));
  }

  /** The {@code result.json} of a finished (committed) run directory. */
  private static Map<String, Object> result(String run, Configuration conf) {
    try {
      Path dir = new Path(run);
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(new Path(dir, RunDirectory.SUCCESS))) {
        throw new ConfigException(FROM_RUN, run + " is not a finished run directory (no " + RunDirectory.SUCCESS + ")");
      }
      try (InputStream in = fs.open(new Path(dir, "result.json"))) {
        return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() {});
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(FROM_RUN, "cannot read " + run + "/result.json: " + e.getMessage());
    }
  }
}
