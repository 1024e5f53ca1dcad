package org.sparknas.core.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.sparknas.core.config.Settings;

/**
 * {@code nas.backend}: the ND4J backend the work must run on. {@code auto} takes what ND4J loaded (CUDA
 * where its libraries load and a GPU is visible, else the CPU build); {@code cuda} and {@code cpu} insist.
 * <pre>{@code
 * BackendChoice choice = BackendChoice.from(job.settings());
 * String problem = choice.problem(Nd4jBackends.facts());   // null: this JVM runs what was asked for
 * }</pre>
 */
public enum BackendChoice {
  CPU, CUDA, AUTO;

  public static final String KEY = "nas.backend";

  public static BackendChoice from(Settings settings) {
    List<String> names = Arrays.stream(values()).map(BackendChoice::configName).toList();
    return valueOf(settings.oneOf(KEY, names).toUpperCase(Locale.ROOT));
  }

  /** The name in configs: {@code cpu}, {@code cuda} or {@code auto}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Why a JVM with these facts cannot do work under this choice, in one sentence that says what to
   * install or set; null when it can. Call it in the JVM the facts describe: the CUDA diagnosis is local.
   */
  public String problem(BackendFacts facts) {
    return switch (this) {
      case AUTO -> null;
      case CUDA -> facts.isCuda() ? null : Nd4jBackends.cudaProblem();
      case CPU -> facts.isCuda()
          ? "ND4J loaded its CUDA backend in this JVM (ND4J prefers it where a GPU is visible); start the JVM with "
              + "BACKEND_PRIORITY_GPU=-1 in its environment (SparkNAS sets it for executors) or use the CPU build"
          : null;
    };
  }
}
