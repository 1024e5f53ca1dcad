package org.sparknas.spark.runtime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.sparknas.core.backend.BackendChoice;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.WorkFunction;
import org.sparknas.spark.session.ClusterExecutors;
import scala.Option;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs a batch of work items as one Spark job with one task per item: {@code shared} is broadcast once
 * per batch, results come back in input order, and the job carries the batch description as its job
 * group and description. Spark retries a failed task up to {@code spark.task.maxFailures} times, so
 * work functions must be idempotent and seed themselves from the item ({@link org.sparknas.core.runtime.Seeds}).
 * <pre>{@code
 * ParallelRunner runner = new SparkRunner(JavaSparkContext.fromSparkContext(spark.sparkContext()));
 * List<Double> accs = runner.map("rsps/eval", weights, candidates, (w, arch) -> evaluate(w, arch));
 * }</pre>
 * Items, shared state and results travel through the configured serializer (Kryo, see
 * {@link org.sparknas.spark.kryo.NasKryoRegistrator}); the work function travels through Java
 * serialization. The runner does not own the context: {@link #close()} leaves it running.
 */
public final class SparkRunner implements ParallelRunner {
  private final JavaSparkContext sc;
  private final LongAccumulator itemsDone;
  private final LongAccumulator failedAttempts;
  private final ExecutorBackends backends;

  public SparkRunner(JavaSparkContext sc) {
    this.sc = Objects.requireNonNull(sc, "sc");
    this.itemsDone = sc.sc().longAccumulator("sparknas.items.done");
    this.failedAttempts = new LongAccumulator();
    // Spark drops the updates of failed tasks unless the accumulator asks to keep them.
    failedAttempts.register(sc.sc(), Option.apply("sparknas.task.failed-attempts"), true);
    this.backends = new ExecutorBackends(sc);
  }

  /**
   * Checks {@code nas.backend} on the executors with one small job of one task per slot (in local mode
   * the driver's own JVM), before any work: a {@link org.sparknas.core.config.ConfigException} names the
   * executor and what it lacks. Later tasks check their executor too (executors that join later).
   */
  public void requireBackend(BackendChoice choice) {
    ArrayList<Integer> slots = new ArrayList<>();
    for (int i = 0; i < parallelism(); i++) {
      slots.add(i);
    }
    List<ExecutorBackends.Report> seen = this.<Integer, Integer, ExecutorBackends.Report>map(
        "backend/" + choice.configName(), null, slots, (none, slot) -> ExecutorBackends.here(choice));
    backends.require(choice, seen);
  }

  @Override
  public <S extends Serializable, I extends Serializable, R extends Serializable> List<R> map(
      String description, S shared, List<I> items, WorkFunction<S, I, R> fn) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(fn, "fn");
    if (items.isEmpty()) {
      return List.of();
    }
    return JobDescriptions.run(sc, description, () -> {
      Broadcast<S> bc = shared == null ? null : sc.broadcast(shared);
      try {
        // numSlices == size puts exactly item i into partition i, and runJob returns partitions in order.
        JavaRDD<I> rdd = sc.parallelize(items, items.size());
        ClassTag<R> any = ClassTag$.MODULE$.apply(Object.class);
        Object[] out = (Object[]) sc.sc().runJob(rdd.rdd(),
            new WorkTask<>(description, bc, fn, itemsDone, failedAttempts, backends), any);
        List<R> results = new ArrayList<>(out.length);
        for (Object r : out) {
          @SuppressWarnings("unchecked")
          R cast = (R) r;
          results.add(cast);
        }
        return results;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        // SparkException is checked in Java but undeclared by Scala's runJob.
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        throw new IllegalStateException(description + ": work failed: " + message, e);
      } finally {
        if (bc != null) {
          bc.destroy();
        }
      }
    });
  }

  /** Sets (or with {@code null} clears) the job description of this thread's later Spark jobs. */
  @Override
  public void phase(String description) {
    sc.setJobDescription(description);
  }

  /** Task slots: {@code defaultParallelism} (total executor cores) divided by {@code spark.task.cpus}. */
  @Override
  public int parallelism() {
    return Math.max(1, sc.defaultParallelism() / taskCpus());
  }

  /** Master, application id, executors (host:port; none in local mode, where the driver runs the tasks) and task slots. */
  @Override
  public String describe() {
    return "spark " + sc.version() + " master " + sc.master() + ", app " + sc.sc().applicationId()
        + ", executors [" + String.join(", ", ClusterExecutors.addresses(sc.sc())) + "], " + parallelism()
        + " task slots of " + taskCpus() + " cpu";
  }

  /** The backend of every executor that ran tasks of this runner (its GPU addresses, devices, versions). */
  @Override
  public List<Map<String, Object>> backends() {
    return backends.json();
  }

  /** Work items finished successfully since this runner was created (each item once, retries or not). */
  public long itemsDone() {
    return itemsDone.value();
  }

  /** Task attempts that threw since this runner was created (a lost executor is not counted). */
  public long failedAttempts() {
    return failedAttempts.value();
  }

  private int taskCpus() {
    return sc.getConf().getInt("spark.task.cpus", 1);
  }
}
