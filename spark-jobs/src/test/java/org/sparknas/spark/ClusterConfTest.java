package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.spark.serializer.KryoRegistrator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.NasConfig;
import org.sparknas.spark.cli.CommandLine;

/** The cluster examples under conf/cluster are complete and consistent, and bin/nas submit-line prints their spark-submit line. */
@DisplayName("conf/cluster examples and bin/nas submit-line")
class ClusterConfTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path DIR = REPO.resolve("conf/cluster");

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(DIR.resolve(name), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark-defaults-standalone.conf", "spark-defaults-yarn.conf", "spark-defaults-k8s.conf",
      "spark-defaults-bin-cluster.conf"})
  @DisplayName("spark-defaults: Kryo + registrator, OMP threads = task cpus, event log, Java 17 opens, oneDNN build")
  void sparkDefaults(String name) throws Exception {
    checkSparkDefaults(name, load(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark-defaults-standalone.conf", "spark-defaults-yarn.conf", "spark-defaults-k8s.conf"})
  @DisplayName("spark-defaults-gpu.conf appended to a manager's file: still complete, one GPU per executor, the task"
      + " slots of cpus and GPUs agree, both native builds, the discovery script shipped")
  void gpuOverlay(String name) throws Exception {
    Properties p = load(name);
    Properties gpu = load("spark-defaults-gpu.conf");
    p.putAll(gpu); // what appending the file gives: the last value of a key wins
    checkSparkDefaults(name + " + gpu", p);
    double perTask = Double.parseDouble(p.getProperty("spark.task.resource.gpu.amount"));
    int gpus = Integer.parseInt(p.getProperty("spark.executor.resource.gpu.amount"));
    assertEquals(1, gpus, "one GPU per executor: broadcast weights then sit on every task's GPU");
    assertTrue(perTask > 0 && perTask <= 1, "tasks per GPU = 1 / amount");
    assertEquals(Math.round(gpus / perTask), Integer.parseInt(p.getProperty("spark.executor.cores"))
        / Integer.parseInt(p.getProperty("spark.task.cpus")), "as many task slots by cpus as by GPUs");
    for (String side : List.of("driver", "executor")) {
      assertTrue(p.getProperty("spark." + side + ".extraJavaOptions").contains("platform.extension=-onednn-avx2:-cudnn"), side);
    }
    assertEquals("./gpu-discovery.sh", p.getProperty("spark.executor.resource.gpu.discoveryScript"));
    assertTrue(Files.isExecutable(REPO.resolve(p.getProperty("spark.files"))), "the shipped discovery script");
    String text = Files.readString(DIR.resolve("spark-defaults-gpu.conf"));
    assertTrue(text.contains("#spark.executor.resource.gpu.vendor       nvidia.com"), "the Kubernetes vendor key");
  }

  private static void checkSparkDefaults(String name, Properties p) throws Exception {
    assertEquals("org.apache.spark.serializer.KryoSerializer", p.getProperty("spark.serializer"), name);
    String registrator = p.getProperty("spark.kryo.registrator");
    assertTrue(KryoRegistrator.class.isAssignableFrom(Class.forName(registrator)), registrator);
    assertEquals(p.getProperty("spark.task.cpus"), p.getProperty("spark.executorEnv.OMP_NUM_THREADS"), name);
    assertEquals("true", p.getProperty("spark.eventLog.enabled"), name);
    assertTrue(p.getProperty("spark.eventLog.dir", "").contains("://"), name);
    // bin/cluster submit runs Spark 3.5.9's own launcher, which adds the --add-opens list; other launchers may not
    boolean anyLauncher = !name.equals("spark-defaults-bin-cluster.conf");
    for (String side : List.of("driver", "executor")) {
      String opts = p.getProperty("spark." + side + ".extraJavaOptions", "");
      assertTrue(!anyLauncher || opts.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), name + " " + side);
      assertTrue(opts.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2"), name + " " + side);
      java.util.regex.Matcher cap = java.util.regex.Pattern.compile("-Dorg.bytedeco.javacpp.maxPhysicalBytes=(\\S+)")
          .matcher(opts);
      assertTrue(cap.find(), name + " " + side + ": no native-memory cap");
      String overhead = p.getProperty("spark." + side + ".memoryOverhead");
      if (overhead != null) { // a container: YARN and Kubernetes kill it above memory + overhead
        long container = bytes(p.getProperty("spark." + side + ".memory")) + bytes(overhead);
        assertTrue(bytes(cap.group(1)) < container, name + " " + side + ": native cap " + cap.group(1)
            + " must stay under memory + overhead");
      }
    }
    for (String key : List.of("spark.master", "spark.driver.memory", "spark.executor.memory", "spark.executor.cores")) {
      assertTrue(p.containsKey(key), name + " lacks " + key);
    }
    assertEquals(0, Integer.parseInt(p.getProperty("spark.executor.cores")) % Integer.parseInt(p.getProperty("spark.task.cpus")),
        "executor cores must be a multiple of task cpus");
  }

  @Test
  @DisplayName("spark-defaults-bin-cluster.conf asks for executors that bin/cluster's workers can host")
  void binClusterProfileFits() throws IOException {
    Properties p = load("spark-defaults-bin-cluster.conf");
    String script = Files.readString(REPO.resolve("bin/cluster"));
    int workerCores = Integer.parseInt(scriptDefault(script, "SPARKNAS_WORKER_CORES"));
    long workerMemory = bytes(scriptDefault(script, "SPARKNAS_WORKER_MEMORY"));
    assertEquals("spark://127.0.0.1:" + scriptDefault(script, "SPARKNAS_MASTER_PORT"), p.getProperty("spark.master"));
    assertTrue(Integer.parseInt(p.getProperty("spark.executor.cores")) <= workerCores, "executor cores > a worker's");
    assertTrue(bytes(p.getProperty("spark.executor.memory")) <= workerMemory, "executor memory > a worker's");
    // two workers: one executor each
    assertEquals(2 * workerCores, Integer.parseInt(p.getProperty("spark.cores.max")));
    assertEquals("hdfs:///spark-logs", p.getProperty("spark.eventLog.dir"), "bin/cluster start creates /spark-logs");
  }

  /** The default of {@code NAME="${NAME:-default}"}-style settings in bin/cluster. */
  private static String scriptDefault(String script, String variable) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{" + variable + ":-([^}]+)}").matcher(script);
    assertTrue(m.find(), "bin/cluster has no default for " + variable);
    return m.group(1);
  }

  @Test
  @DisplayName("log4j2.properties parses: SparkNAS at INFO, the rest at WARN")
  void log4j() throws IOException {
    try (InputStream in = Files.newInputStream(DIR.resolve("log4j2.properties"))) {
      Configuration c = new PropertiesConfigurationFactory()
          .getConfiguration(new LoggerContext("cluster-conf-test"), new ConfigurationSource(in, DIR.resolve("log4j2.properties").toFile()));
      c.initialize();
      assertEquals(Level.INFO, c.getLoggerConfig("org.sparknas.spark.NasMain").getLevel());
      assertEquals(Level.WARN, c.getLoggerConfig("org.apache.spark.storage.BlockManager").getLevel());
      assertEquals(Level.WARN, c.getRootLogger().getLevel());
    }
  }

  @Test
  @DisplayName("rsps-nb201-hdfs.conf: data from hdfs:///datasets/fashion-mnist, runs under hdfs:///sparknas/runs, no USER needed")
  void hdfsJob() throws IOException {
    NasConfig job = NasMain.resolve(CommandLine.parse(new String[] {"search", "--config",
        DIR.resolve("rsps-nb201-hdfs.conf").toString()}));
    assertEquals("rsps", job.method());
    assertEquals("hdfs:///datasets/fashion-mnist", job.data().path());
    assertEquals("hdfs:///sparknas/runs", job.output());
    // no substitution from the environment: a driver without USER (a Kubernetes pod, cron) reads it too
    assertFalse(Files.readString(DIR.resolve("rsps-nb201-hdfs.conf")).contains("${"));
  }

  private static String nas(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(REPO.resolve("bin/nas").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("SPARKNAS_MASTER_PORT");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  @DisplayName("bin/nas submit-line: bin/cluster submit for bin/cluster's master, spark-submit elsewhere, each with its properties file")
  void submitLine() throws Exception {
    String here = nas("submit-line", "--config", "conf/cluster/rsps-nb201-hdfs.conf");
    assertTrue(here.matches("bin/cluster submit --class org\\.sparknas\\.spark\\.NasMain --master spark://127\\.0\\.0\\.1:7077 "
        + "--properties-file conf/cluster/spark-defaults-bin-cluster\\.conf spark-jobs/target/spark-jobs-.*-shaded\\.jar "
        + "search --config conf/cluster/rsps-nb201-hdfs\\.conf"), here);
    assertTrue(nas("submit-line", "--config", "hdfs:///jobs/a.conf", "--master", "spark://spark.example.com:7077")
        .matches("spark-submit --class org\\.sparknas\\.spark\\.NasMain --master spark://spark\\.example\\.com:7077 "
            + "--properties-file conf/cluster/spark-defaults-standalone\\.conf .*"));
    String yarn = nas("submit-line", "--config", "hdfs:///jobs/a.conf", "--master", "yarn", "--deploy-mode", "cluster",
        "--set", "nas.train.epochs=3");
    assertTrue(yarn.startsWith("spark-submit --class org.sparknas.spark.NasMain --master yarn --deploy-mode cluster "
        + "--properties-file conf/cluster/spark-defaults-yarn.conf "), yarn);
    assertTrue(yarn.endsWith("search --config hdfs:///jobs/a.conf --set nas.train.epochs=3"), yarn);
    assertTrue(nas("submit-line", "--config", "conf/quickstart.conf", "--master", "k8s://https://k:6443")
        .contains("--properties-file conf/cluster/spark-defaults-k8s.conf"));
  }

  private static long bytes(String size) {
    return org.apache.spark.network.util.JavaUtils.byteStringAsBytes(size);
  }
}
