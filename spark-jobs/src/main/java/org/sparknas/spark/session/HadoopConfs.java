package org.sparknas.spark.session;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * Hadoop settings as Spark users give them: the cluster's {@code *-site.xml} files plus every
 * {@code spark.hadoop.<key>} of the Spark configuration as {@code <key>}, which is what Spark's own
 * {@code sc.hadoopConfiguration()} holds. Data, run directories and reports go through it, on the driver
 * and on executors alike, so {@code --conf spark.hadoop.fs.defaultFS=...} or S3 credentials passed that
 * way reach every file a search reads or writes.
 * <pre>{@code
 * DataSource d = Datasets.load(job.data(), HadoopConfs.current());
 * }</pre>
 */
public final class HadoopConfs {
  private static final String PREFIX = "spark.hadoop.";

  private HadoopConfs() {}

  /** {@code new Configuration()} with {@code conf}'s {@code spark.hadoop.*} keys, prefix dropped. */
  public static Configuration from(SparkConf conf) {
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> kv : conf.getAll()) {
      if (kv._1().startsWith(PREFIX)) {
        hadoop.set(kv._1().substring(PREFIX.length()), kv._2());
      }
    }
    return hadoop;
  }

  /**
   * From the running Spark's configuration (driver or executor), or before Spark starts from the
   * {@code spark.*} system properties, which is where spark-submit puts {@code --conf} keys.
   */
  public static Configuration current() {
    SparkEnv env = SparkEnv.get();
    return from(env != null ? env.conf() : new SparkConf(true));
  }
}
