package org.sparknas.spark.session;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;
import org.sparknas.core.backend.BackendChoice;
import org.sparknas.core.config.ConfigException;
import org.sparknas.spark.kryo.NasKryoRegistrator;

/**
 * Starts (or joins) the SparkSession the CLI runs on. Under {@code spark-submit} the master and every
 * {@code --conf} arrive as {@code spark.*} system properties and win over the defaults set here; a plain
 * {@code java} launch gets {@code local[*]}.
 * <pre>{@code
 * SparkSession spark = SparkSessions.getOrCreate(masterFromCli, Map.of());   // null: keep spark-submit's master
 * ParallelRunner runner = new SparkRunner(SparkSessions.javaContext(spark));
 * }</pre>
 * Defaults (each only when not already set): Kryo with {@link NasKryoRegistrator} (added to any
 * registrators already listed), a 512m Kryo buffer ceiling for large weight maps, loopback driver
 * host and bind address in local mode, and {@code spark.executorEnv.OMP_NUM_THREADS} equal to
 * {@code spark.task.cpus}. Set {@code spark.kryo.registrationRequired=true} to catch unregistered
 * classes; set {@code spark.ui.enabled=false} in tests.
 */
public final class SparkSessions {
  /** Master used when neither the command line nor spark-submit names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  /** The application name, followed by what runs (e.g. {@code SparkNAS rsps rsps-20261204-192134-799f}). */
  public static final String APP_NAME = "SparkNAS";

  private static final String REGISTRATOR = "spark.kryo.registrator";
  // spark-submit names an application after its main class when nothing else names it
  private static final String MAIN_CLASS = "org.sparknas.spark.NasMain";

  /**
   * The master URLs Spark 3.5's {@code SparkContext} accepts: local, local[N|*], local[N|*,F],
   * local-cluster[N,C,M], spark://HOST:PORT[,HOST:PORT...], yarn, k8s://URL, mesos://URL.
   */
  private static final Pattern MASTER = Pattern.compile("local|local\\[([1-9][0-9]*|\\*)(\\s*,\\s*[0-9]+)?]"
      + "|local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*]"
      + "|spark://[^:,/\\s]+:[0-9]+(,[^:,/\\s]+:[0-9]+)*|yarn|(k8s|mesos)://\\S+");

  private SparkSessions() {}

  /**
   * Refuses a master URL Spark would reject only after starting ({@code --master foo://bar},
   * {@code local[abc]}, {@code local[0]}); {@code null} (no {@code --master}) passes.
   */
  public static void requireValidMaster(String master) {
    if (master != null && !MASTER.matcher(master).matches()) {
      throw new ConfigException("--master", "'" + master + "' is not a Spark master URL; expected local, local[N], "
          + "local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, yarn or k8s://URL");
    }
  }

  /**
   * Applies the SparkNAS defaults to {@code conf} (changed in place and returned).
   *
   * @param masterOverride the CLI's {@code --master}, or null to keep {@code spark.master} or use {@link #DEFAULT_MASTER}
   */
  public static SparkConf configure(SparkConf conf, String masterOverride) {
    if (masterOverride != null && !masterOverride.isBlank()) {
      conf.setMaster(masterOverride);
    } else {
      conf.setIfMissing("spark.master", DEFAULT_MASTER);
    }
    conf.setIfMissing("spark.app.name", APP_NAME);
    conf.setIfMissing("spark.serializer", KryoSerializer.class.getName());
    String ours = NasKryoRegistrator.class.getName();
    String registrators = conf.get(REGISTRATOR, "").trim();
    if (registrators.isEmpty()) {
      conf.set(REGISTRATOR, ours);
    } else if (!registrators.contains(ours)) {
      conf.set(REGISTRATOR, registrators + "," + ours);
    }
    conf.setIfMissing("spark.kryoserializer.buffer.max", "512m");
    if (conf.get("spark.master").startsWith("local")) {
      // the machine's hostname may not resolve to a usable address; loopback always does
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    // one OpenMP thread per task cpu, or oneDNN collapses under contention (specs/cpu-performance.md)
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
    return conf;
  }

  /**
   * Returns the session, creating it from {@code spark.*} system properties, {@code settings} and the
   * defaults of {@link #configure}. An already running session is returned as it is (a stopped one is
   * never returned: Spark builds a new one), unless it runs on another master than
   * {@code masterOverride} asks for: then this fails rather than silently running elsewhere.
   */
  public static SparkSession getOrCreate(String masterOverride, Map<String, String> settings) {
    SparkConf conf = new SparkConf(true);
    settings.forEach(conf::set);
    SparkSession spark = SparkSession.builder().config(configure(conf, masterOverride)).getOrCreate();
    String running = spark.sparkContext().master();
    if (masterOverride != null && !masterOverride.isBlank() && !running.equals(masterOverride)) {
      throw new IllegalStateException("--master " + masterOverride + " asked for, but this JVM already runs a Spark "
          + "session on " + running + "; stop it first");
    }
    return spark;
  }

  /**
   * The application name of a run, as the master's and the History Server's UI list it: the one the
   * user gave ({@code --name}, {@code spark.app.name}), else {@code SparkNAS <what>}.
   *
   * @param what the command's method and run id, e.g. {@code rsps rsps-20261204-192134-799f}
   */
  public static String appName(SparkConf conf, String what) {
    String given = conf.get("spark.app.name", "");
    boolean unnamed = given.isBlank() || given.equals(APP_NAME) || given.equals(MAIN_CLASS);
    return unnamed ? APP_NAME + " " + what : given;
  }

  /**
   * Spark settings a backend choice needs before executors start: for {@code cpu}, ND4J's environment
   * variable that ranks its CUDA backend below the CPU one, so a GPU host's executors never pick CUDA
   * (ND4J reads it once, when it loads). Nothing for {@code cuda} and {@code auto}: ND4J prefers CUDA.
   */
  public static Map<String, String> backendSettings(BackendChoice choice) {
    return choice == BackendChoice.CPU ? Map.of("spark.executorEnv.BACKEND_PRIORITY_GPU", "-1") : Map.of();
  }

  /** The Java API view of the session's context (not a new context). */
  public static JavaSparkContext javaContext(SparkSession spark) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }
}
