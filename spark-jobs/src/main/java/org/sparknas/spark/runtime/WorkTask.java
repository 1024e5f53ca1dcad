package org.sparknas.spark.runtime;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.sparknas.core.runtime.WorkFunction;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The body of one {@link SparkRunner} task: one partition holds one work item. It runs as the function
 * of the action itself ({@code runJob}), so accumulator updates count once per item even when Spark
 * retries, and failed attempts are counted on an accumulator registered to keep failed-task values.
 * Before the work it limits ND4J's threads, binds the GPU Spark assigned the task and checks the
 * executor's backend ({@link ExecutorBackends}).
 */
final class WorkTask<S, I, R> extends AbstractFunction2<TaskContext, Iterator<I>, R> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String description;
  private final Broadcast<S> shared;
  private final WorkFunction<S, I, R> fn;
  private final LongAccumulator itemsDone;
  private final LongAccumulator failedAttempts;
  private final ExecutorBackends backends;

  WorkTask(String description, Broadcast<S> shared, WorkFunction<S, I, R> fn,
      LongAccumulator itemsDone, LongAccumulator failedAttempts, ExecutorBackends backends) {
    this.description = description;
    this.shared = shared;
    this.fn = fn;
    this.itemsDone = itemsDone;
    this.failedAttempts = failedAttempts;
    this.backends = backends;
  }

  @Override
  public R apply(TaskContext task, Iterator<I> items) {
    I item = items.next();
    if (items.hasNext()) {
      throw new IllegalStateException(description + ": partition " + task.partitionId() + " holds more than one item");
    }
    ExecutorThreads.limitToTaskCpus();
    try {
      // the one place every SparkNAS task starts: its GPU is bound before the work creates any array
      backends.beforeWork(task);
      R result = fn.apply(shared == null ? null : shared.value(), item);
      itemsDone.add(1);
      return result;
    } catch (Throwable t) {
      failedAttempts.add(1);
      String failed = description + ": item " + task.partitionId() + " failed on attempt " + task.attemptNumber()
          + ": " + t;
      if (t instanceof OutOfMemoryError) {
        // Spark ends the whole JVM (exit 52, even in local mode) on an OutOfMemoryError anywhere in a task
        // failure's causes; unwound, the item's memory is garbage, so it fails as a task, named in the text only
        throw new IllegalStateException(failed);
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(failed, t);
    }
  }
}
