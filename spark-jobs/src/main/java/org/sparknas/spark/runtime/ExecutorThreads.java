package org.sparknas.spark.runtime;

import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps ND4J inside a task to the cpus Spark gave that task ({@code spark.task.cpus}), so two tasks on
 * one machine do not each start a thread per core. {@link SparkRunner} calls it before every work item.
 * <pre>{@code
 * ExecutorThreads.limitToTaskCpus();   // inside a task: ND4J now uses spark.task.cpus threads
 * }</pre>
 * This sets ND4J's own thread pools only. The OpenMP pool of the native library is sized from
 * {@code OMP_NUM_THREADS} when the library loads, so executors must get it through
 * {@code spark.executorEnv.OMP_NUM_THREADS} (the session factory sets it to the task cpus) and the
 * driver, which is the executor in local mode, through its launcher's environment.
 */
public final class ExecutorThreads {
  private ExecutorThreads() {}

  /** Limits ND4J to the current task's cpus; outside a task (driver code) to one thread. */
  public static void limitToTaskCpus() {
    TaskContext task = TaskContext.get();
    limitTo(task == null ? 1 : task.cpus());
  }

  /** Limits ND4J in this JVM to {@code threads} threads; cheap when already set. */
  public static void limitTo(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Environment env = Nd4j.getEnvironment();
    if (env.maxMasterThreads() != threads) {
      env.setMaxMasterThreads(threads);
    }
    if (env.maxThreads() != threads) {
      env.setMaxThreads(threads);
    }
  }
}
