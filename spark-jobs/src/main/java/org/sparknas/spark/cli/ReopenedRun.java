package org.sparknas.spark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.RunDirectory;

/**
 * A run reopened by its id, complete or interrupted, goes on with the config it began with: a checkpoint
 * resumed under other values would mix two runs, and a complete run read back under other values would
 * report answers to a question nobody asked.
 */
final class ReopenedRun {
  private ReopenedRun() {}

  /**
   * Refuses, naming the keys, a {@code job} that differs from the {@code config.conf} of the reopened run
   * {@code dir}; keys under {@code otherCommands} (prefixes such as {@code "nas.retrain."}) belong to
   * commands the run does not read and may differ. A refused interrupted run stays for a proper resume.
   * A new run, or one interrupted before it wrote its config, passes.
   */
  static void requireSameConfig(NasConfig job, RunDirectory dir, String runId, List<String> otherCommands)
      throws IOException {
    if (dir.found() == RunDirectory.Found.NEW || !dir.exists("config.conf")) {
      return;
    }
    boolean complete = dir.found() == RunDirectory.Found.COMPLETE;
    try {
      job.requireUnchanged(new String(dir.read("config.conf"), StandardCharsets.UTF_8),
          complete ? "complete" : "interrupted", runId, otherCommands);
    } catch (ConfigException e) {
      if (!complete) {
        dir.keepForResume();
      }
      throw e;
    }
  }
}
