package org.sparknas.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a pass's time goes, per module kind and direction, when {@code -Dsparknas.engine.profile=true}
 * (off otherwise: then it costs one branch per module), kept apart per section (e.g. weight and
 * architecture steps) when the caller names them. {@code bin/nas bench supernet} prints it.
 */
public final class EngineProfile {
  static final boolean ON = Boolean.getBoolean("sparknas.engine.profile");
  private static final Map<String, Map<String, long[]>> NANOS = new LinkedHashMap<>();
  private static volatile String section = "all";

  private EngineProfile() {}

  /** Times from now on count under {@code name} (until the next call). */
  public static void section(String name) {
    section = name;
  }

  static long start() {
    return ON ? System.nanoTime() : 0;
  }

  static void stop(Module m, String direction, long start) {
    if (ON) {
      long t = System.nanoTime() - start;
      synchronized (NANOS) {
        long[] v = NANOS.computeIfAbsent(section, s -> new TreeMap<>())
            .computeIfAbsent(m.getClass().getSimpleName() + " " + direction, k -> new long[2]);
        v[0] += t;
        v[1]++;
      }
    }
  }

  /** Per section, milliseconds and calls per module kind and direction since the last reset, largest first. */
  public static String report() {
    StringBuilder sb = new StringBuilder();
    synchronized (NANOS) {
      NANOS.forEach((name, times) -> {
        long total = times.values().stream().mapToLong(v -> v[0]).sum();
        sb.append(String.format("%s: %.1f ms%n", name, total / 1e6));
        times.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
            sb.append(String.format("  %-32s %9.1f ms %6d calls %5.1f%%%n", e.getKey(), e.getValue()[0] / 1e6,
                e.getValue()[1], 100.0 * e.getValue()[0] / Math.max(1, total))));
      });
    }
    return sb.toString();
  }

  public static void reset() {
    synchronized (NANOS) {
      NANOS.clear();
    }
  }

  public static boolean enabled() {
    return ON;
  }
}
