package org.sparknas.spark.runtime;

import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Names Spark jobs after the search phase that runs them ({@code fewshot/split-1/subnet-3/epoch-7}), so
 * the Spark UI and History Server read like the search log and a phase can be cancelled with
 * {@code sc.cancelJobGroup(description)}.
 * <pre>{@code
 * String phase = JobDescriptions.of("fewshot", "split-" + s, "subnet-" + k, "epoch-" + e);
 * List<R> out = JobDescriptions.run(sc, phase, () -> rdd.collect());
 * }</pre>
 */
public final class JobDescriptions {
  private static final String GROUP_ID = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";

  private JobDescriptions() {}

  /** Joins phase parts with {@code /}; parts must be non-empty and contain no {@code /}. */
  public static String of(String... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("a job description needs at least one part");
    }
    for (String p : parts) {
      if (p == null || p.isBlank() || p.contains("/")) {
        throw new IllegalArgumentException("job description part '" + p + "' must be non-empty and contain no '/'");
      }
    }
    return String.join("/", parts);
  }

  /**
   * Runs {@code body} with {@code description} as job group id and job description of every Spark job
   * it starts on this thread, then restores what was set before (phases nest).
   */
  public static <T> T run(JavaSparkContext sc, String description, Supplier<T> body) {
    String group = sc.getLocalProperty(GROUP_ID);
    String desc = sc.getLocalProperty(DESCRIPTION);
    String interrupt = sc.getLocalProperty(INTERRUPT);
    // interruptOnCancel stays off: interrupting HDFS writers can corrupt them (HDFS-1208).
    sc.setJobGroup(description, description, false);
    try {
      return body.get();
    } finally {
      sc.setLocalProperty(GROUP_ID, group);
      sc.setLocalProperty(DESCRIPTION, desc);
      sc.setLocalProperty(INTERRUPT, interrupt);
    }
  }
}
