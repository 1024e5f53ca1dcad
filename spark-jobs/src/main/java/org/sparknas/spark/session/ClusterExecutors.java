package org.sparknas.spark.session;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.storage.BlockManagerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;

/**
 * The executors of a running application, the driver left out, and the wait for the first one. A
 * standalone master never grants an executor that no worker can host (more {@code spark.executor.cores}
 * or memory than any worker has free), and the application then waits forever behind Spark's "Initial
 * job has not accepted any resources"; so a job waits for its first executor before any work, warns
 * every 30 s while it waits, and fails after {@code nas.executor-wait}.
 * <pre>{@code
 * ClusterExecutors.awaitFirst(spark.sparkContext(), Duration.ofMinutes(5));
 * List<String> executors = ClusterExecutors.addresses(spark.sparkContext());   // [127.0.0.1:39165, ...]
 * }</pre>
 */
public final class ClusterExecutors {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterExecutors.class);
  private static final Duration WARN_EVERY = Duration.ofSeconds(30);

  private ClusterExecutors() {}

  /** {@code host:port} of every live executor, sorted; the driver's own block manager is not one. */
  public static List<String> addresses(SparkContext sc) {
    BlockManagerId driver = sc.env().blockManager().blockManagerId();
    return Arrays.stream(sc.statusTracker().getExecutorInfos())
        .filter(e -> !(e.host().equals(driver.host()) && e.port() == driver.port()))
        .map(e -> e.host() + ":" + e.port())
        .sorted()
        .toList();
  }

  /**
   * Returns once an executor has registered (at once in local mode, where the driver runs the tasks).
   *
   * @param limit how long to wait; zero waits forever
   * @throws ConfigException naming the executor request when no executor came within {@code limit}
   */
  public static void awaitFirst(SparkContext sc, Duration limit) throws InterruptedException {
    if (sc.isLocal()) {
      return;
    }
    long start = System.nanoTime();
    Duration nextWarning = WARN_EVERY;
    while (addresses(sc).isEmpty()) {
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (!limit.isZero() && waited.compareTo(limit) >= 0) {
        throw new ConfigException("spark.executor.cores/spark.executor.memory", "no executor started within "
            + limit.toSeconds() + " s on " + sc.master() + " for " + request(sc.getConf()) + ". No worker can host"
            + " such an executor now (see the workers' free cores and memory in the master's web UI): ask for fewer"
            + " cores or less memory per executor, add workers, or wait longer with nas.executor-wait (0 = forever)");
      }
      if (waited.compareTo(nextWarning) >= 0) {
        LOG.warn("no executor yet after {} s on {} for {}: is there a worker with that many free cores and that much"
            + " free memory? (failing after nas.executor-wait = {} s)", waited.toSeconds(), sc.master(),
            request(sc.getConf()), limit.isZero() ? "forever" : limit.toSeconds());
        nextWarning = nextWarning.plus(WARN_EVERY);
      }
      Thread.sleep(200);
    }
  }

  /** What each executor asks of a worker, as the Spark settings that ask it. */
  private static String request(SparkConf conf) {
    return "spark.executor.cores=" + conf.get("spark.executor.cores", "(unset)")
        + ", spark.executor.memory=" + conf.get("spark.executor.memory", "(unset: 1g)")
        + (conf.contains("spark.cores.max") ? ", spark.cores.max=" + conf.get("spark.cores.max") : "");
  }
}
