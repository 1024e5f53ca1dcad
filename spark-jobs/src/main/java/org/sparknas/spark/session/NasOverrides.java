package org.sparknas.spark.session;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.sparknas.core.config.ConfigException;
import scala.Tuple2;

/**
 * Turns {@code spark.nas.<key>=<value>} Spark settings into {@code nas.<key>} config overrides.
 * spark-submit drops {@code --conf} keys that do not start with {@code spark.}, so job keys travel as
 * {@code --conf spark.nas.train.epochs=3}; the CLI merges the result with its {@code --set} overrides.
 * <pre>{@code
 * Map<String, String> overrides = NasOverrides.fromSparkConf(spark.sparkContext().getConf());
 * // {nas.train.epochs=3}
 * }</pre>
 */
public final class NasOverrides {
  /** Prefix of job keys inside the Spark configuration. */
  public static final String PREFIX = "spark.nas.";

  private NasOverrides() {}

  /**
   * The {@code nas.*} overrides found in {@code conf}, sorted by key; values are the raw strings.
   *
   * @throws ConfigException for a {@code spark.nas.} key that cannot name a config key
   */
  public static Map<String, String> fromSparkConf(SparkConf conf) {
    Map<String, String> out = new TreeMap<>();
    for (Tuple2<String, String> kv : conf.getAllWithPrefix(PREFIX)) {
      String key = kv._1();
      if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
        throw new ConfigException(PREFIX + key, "Spark setting does not name a config key; use --conf "
            + PREFIX + "<key>=<value>, e.g. " + PREFIX + "train.epochs=3");
      }
      out.put("nas." + key, kv._2());
    }
    return out;
  }
}
