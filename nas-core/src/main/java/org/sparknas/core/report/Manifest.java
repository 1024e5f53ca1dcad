package org.sparknas.core.report;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sparknas.core.backend.Nd4jBackends;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.runtime.ParallelRunner;

/**
 * {@code manifest.json}: how a run was made (versions, backend, master seed, where the work ran,
 * start and end, the search time, and each resume: when and from which checkpoint). Numerics differ
 * across ND4J builds, CPU kinds and GPUs, which is why the backend of the driver and of every executor
 * (build flags, devices, CUDA and cuDNN versions) is recorded next to the seed.
 * <pre>{@code
 * Manifest m = Manifest.open(runId, job, runner, dir, Instant.now());   // a resumed run keeps its first start
 * dir.writeJson(Manifest.FILE, m.toJson(null, 0));
 * }</pre>
 */
public final class Manifest {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String runId;
  private final NasConfig job;
  private final ParallelRunner runner;
  private final Instant start;
  private final List<Map<String, Object>> resumes;

  public Manifest(String runId, NasConfig job, ParallelRunner runner, Instant start) {
    this(runId, job, runner, start, new ArrayList<>());
  }

  private Manifest(String runId, NasConfig job, ParallelRunner runner, Instant start,
      List<Map<String, Object>> resumes) {
    this.runId = runId;
    this.job = job;
    this.runner = runner;
    this.start = start;
    this.resumes = resumes;
  }

  /**
   * The manifest of a run starting {@code now} in {@code dir}; a resumed run keeps the first start and
   * the resumes its {@code manifest.json} lists, and adds this one ({@code at}; the checkpoint follows
   * through {@link #resumedFrom}).
   */
  public static Manifest open(String runId, NasConfig job, ParallelRunner runner, RunDirectory dir, Instant now)
      throws IOException {
    if (!dir.resumed() || !dir.exists(FILE)) {
      return new Manifest(runId, job, runner, now);
    }
    Map<String, Object> earlier = JSON.readValue(dir.read(FILE), new TypeReference<Map<String, Object>>() {});
    List<Map<String, Object>> resumes = new ArrayList<>();
    if (earlier.get("resumes") instanceof List<?> list) {
      for (Object r : list) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r;
        resumes.add(m);
      }
    }
    Map<String, Object> resume = new LinkedHashMap<>();
    resume.put("at", now.toString());
    resume.put("checkpoint", null);
    resumes.add(resume);
    Object first = earlier.get("start");
    return new Manifest(runId, job, runner, first == null ? now : Instant.parse(first.toString()), resumes);
  }

  /** Completes this resume's entry with the checkpoint it continues from ({@link DirectoryCheckpoints}' description). */
  public synchronized void resumedFrom(Map<String, Object> checkpoint) {
    resumes.get(resumes.size() - 1).putAll(checkpoint);
  }

  /**
   * @param end the end of the run, or null while it runs
   * @param elapsedSeconds search time over every attempt (each up to its last checkpoint, the last to its end)
   */
  public synchronized Map<String, Object> toJson(Instant end, double elapsedSeconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("sparknas_version", version());
    m.put("java_version", System.getProperty("java.version"));
    m.put("nd4j_backend", Nd4jBackends.facts().details().get("nd4j_backend"));
    m.put("nd4j_native_extension", System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
    m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
    // the driver's backend, then each executor's: a CPU driver may hand its work to GPU executors
    m.put("driver_backend", Nd4jBackends.facts().toJson());
    m.put("executor_backends", runner.backends());
    m.put("method", job.method());
    m.put("seed", job.seed());
    m.put("seed_derivation", "Seeds.seed(master, phase, index...) = SplitMix64 finaliser chain");
    m.put("runner", runner.describe());
    m.put("parallelism", runner.parallelism());
    m.put("host", host());
    m.put("start", start.toString());
    m.put("end", end == null ? null : end.toString());
    m.put("elapsed_seconds", elapsedSeconds);
    m.put("resumes", new ArrayList<>(resumes));
    m.put("complete", end != null);
    return m;
  }

  static String version() {
    String v = Manifest.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
