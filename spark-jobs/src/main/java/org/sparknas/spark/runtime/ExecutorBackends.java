package org.sparknas.spark.runtime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.sparknas.core.backend.BackendChoice;
import org.sparknas.core.backend.BackendFacts;
import org.sparknas.core.backend.Nd4jBackends;
import org.sparknas.core.config.ConfigException;

/**
 * The ND4J backend of every executor that runs SparkNAS tasks, and {@code nas.backend} enforced there.
 * Each task binds its GPU ({@link TaskDevice}) and, the first time its executor runs a task (and for each
 * GPU address not reported yet), adds the executor's {@link Report} to an accumulator; the run manifest
 * lists them ({@link #json()}). {@link #require} checks the executors with one small job before any work;
 * afterwards every task checks its own executor, so one that joins later fails with the same message.
 * <pre>{@code
 * ExecutorBackends backends = new ExecutorBackends(sc);
 * backends.require(BackendChoice.CUDA, reports);   // throws ConfigException naming the executor and library
 * }</pre>
 */
public final class ExecutorBackends implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One executor: its id and host, GPU addresses its tasks had, ND4J facts, and why it fails the choice (or null). */
  public record Report(String executor, String host, ArrayList<String> gpus, BackendFacts facts, String problem)
      implements Serializable {}

  // what this executor JVM already reported to which accumulator: "<id>/facts" and "<id>/<GPU address>"
  // (in local mode the driver JVM is the executor of every session it starts)
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private final CollectionAccumulator<Report> reports;
  private BackendChoice required;

  public ExecutorBackends(JavaSparkContext sc) {
    reports = sc.sc().collectionAccumulator("sparknas.executor-backends");
  }

  /**
   * Inside a task, before its work: binds the task's GPU, reports this executor where it is news, and
   * fails the task when this executor cannot run the required backend.
   */
  void beforeWork(TaskContext task) {
    TaskDevice.Binding gpu = TaskDevice.bind(task);
    boolean news = REPORTED.add(reports.id() + "/facts");
    for (String address : gpu.addresses()) {
      news |= REPORTED.add(reports.id() + "/" + address);
    }
    if (news) {
      reports.add(here(null));
    }
    if (required != null) {
      String problem = required.problem(Nd4jBackends.facts());
      if (problem != null) {
        throw new IllegalStateException(BackendChoice.KEY + " = " + required.configName() + ": " + problem);
      }
    }
  }

  /** This executor's report (in a task), with the problem it has with {@code choice} (null: none asked). */
  static Report here(BackendChoice choice) {
    SparkEnv env = SparkEnv.get();
    return new Report(env.executorId(), env.blockManager().blockManagerId().host(),
        TaskDevice.current().addresses(), Nd4jBackends.facts(), choice == null ? null : choice.problem(Nd4jBackends.facts()));
  }

  /**
   * Fails with a {@link ConfigException} on {@code nas.backend} when an executor in {@code seen} (reports
   * made with {@link #here} in tasks) cannot run {@code choice}; from then on every task checks too.
   */
  void require(BackendChoice choice, List<Report> seen) {
    for (Report r : seen) {
      if (r.problem() != null) {
        throw new ConfigException(BackendChoice.KEY, choice.configName() + " asked for, but on executor " + r.executor()
            + " (" + r.host() + "): " + r.problem());
      }
    }
    required = choice;
  }

  /**
   * One JSON object per executor that ran tasks, in executor-id order: {@code executor}, {@code host},
   * {@code gpu_addresses} (what Spark assigned its tasks), then the backend facts.
   */
  public List<Map<String, Object>> json() {
    Map<String, Report> byExecutor = new LinkedHashMap<>();
    Map<String, Set<String>> gpus = new LinkedHashMap<>();
    List<Report> all = new ArrayList<>(reports.value());
    all.sort((a, b) -> a.executor().compareTo(b.executor()));
    for (Report r : all) {
      byExecutor.putIfAbsent(r.executor(), r);
      gpus.computeIfAbsent(r.executor(), e -> new TreeSet<>()).addAll(r.gpus());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Report r : byExecutor.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("executor", r.executor());
      m.put("host", r.host());
      m.put("gpu_addresses", new ArrayList<>(gpus.get(r.executor())));
      m.putAll(r.facts().toJson());
      out.add(m);
    }
    return out;
  }
}
