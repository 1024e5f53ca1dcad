package org.sparknas.spark.cli;

import java.time.Instant;

import org.apache.spark.SparkConf;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunLease;

/**
 * A command's run id, chosen once before Spark starts, so that the application name can carry it and
 * the run directory is opened under it: {@code nas.run-id} when the job sets one, otherwise
 * {@code <name>-<UTC time>-<random hex>}. A search whose driver runs in YARN's application master
 * (cluster mode) takes {@code <method>-<application id>} instead: every attempt of the application
 * has the same id, so a re-attempt ({@code spark.yarn.maxAppAttempts}) resumes, from its checkpoints,
 * the run the failed attempt left in progress.
 * <pre>{@code
 * String runId = RunIds.forSearch(job, new SparkConf(true), Instant.now());   // rsps-application_1733_0007
 * }</pre>
 */
public final class RunIds {
  /** Set by Spark's YARN application master, before the driver's main runs, to the application id. */
  public static final String YARN_APP_ID = "spark.yarn.app.id";
  /** Set beside it to the number of the attempt (1, 2, ...). */
  public static final String YARN_ATTEMPT_ID = "spark.yarn.app.attemptId";

  private RunIds() {}

  /** The run id of a search: it resumes an interrupted run of the same id, so an attempt-independent id is safe. */
  public static String forSearch(NasConfig job, SparkConf conf, Instant now) {
    if (!job.runId().isEmpty()) {
      return job.runId();
    }
    String yarnApp = conf.get(YARN_APP_ID, "");
    return yarnApp.isEmpty() ? RunDirectory.runId(job.method(), now) : job.method() + "-" + yarnApp;
  }

  /**
   * The run id of a command a YARN re-attempt does not resume ({@code rank}; {@code compare} and
   * {@code quality} resume only under an id the user gives): without one, a re-attempt starts over
   * under a new id rather than fail on the directory its predecessor left.
   */
  public static String forCommand(NasConfig job, String name, Instant now) {
    return job.runId().isEmpty() ? RunDirectory.runId(name, now) : job.runId();
  }

  /**
   * The YARN application attempt this driver runs as (cluster mode), or none: a re-attempt takes over
   * the run lease its failed predecessor could not release, without waiting for its heartbeat to age.
   */
  public static RunLease.Attempt attempt(SparkConf conf) {
    String app = conf.get(YARN_APP_ID, "");
    try {
      return app.isEmpty() ? RunLease.Attempt.NONE : new RunLease.Attempt(app, Integer.parseInt(conf.get(YARN_ATTEMPT_ID, "1")));
    } catch (NumberFormatException e) {
      return RunLease.Attempt.NONE;
    }
  }
}
