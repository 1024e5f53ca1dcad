package org.sparknas.core.report;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.runtime.ParallelRunner;

/**
 * {@code manifest.json}: how a run was made (versions, backend, master seed, where the work ran,
 * start and end). Numerics differ across ND4J builds and CPU kinds, which is why the backend and its
 * threads are recorded next to the seed.
 */
public record Manifest(String runId, NasConfig job, ParallelRunner runner, Instant start) {

  public Map<String, Object> toJson(Instant end) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("sparknas_version", version());
    m.put("java_version", System.getProperty("java.version"));
    m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    m.put("nd4j_native_extension", System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
    m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
    m.put("method", job.method());
    m.put("seed", job.seed());
    m.put("seed_derivation", "Seeds.seed(master, phase, index...) = SplitMix64 finaliser chain");
    m.put("runner", runner.describe());
    m.put("parallelism", runner.parallelism());
    m.put("host", host());
    m.put("start", start.toString());
    m.put("end", end == null ? null : end.toString());
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
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
