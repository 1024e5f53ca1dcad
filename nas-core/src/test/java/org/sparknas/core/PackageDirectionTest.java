package org.sparknas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The direction of nas-core's packages (DESIGN.md §2): what methods share lives below {@code strategy},
 * so {@code train}, {@code retrain}, {@code config} and everything else below it never refer to
 * {@code strategy}, nor to the {@code rank} and {@code report} layers above it; the search-space model
 * does not know the engine. Read from the sources: every {@code org.sparknas.core.<package>} reference
 * (import, qualified name or {@code @link}) counts.
 */
class PackageDirectionTest {
  private static final Path SOURCES = Path.of("src/main/java/org/sparknas/core");
  private static final Pattern REFERENCE = Pattern.compile("org\\.sparknas\\.core\\.([a-z]+)\\b");

  private static final Set<String> ABOVE_STRATEGY = Set.of("strategy", "rank", "report");

  /** Package -> the packages it must not refer to. */
  private static final Map<String, Set<String>> FORBIDDEN = Map.ofEntries(
      Map.entry("runtime", Set.of("config", "data", "eval", "network", "nn", "space", "supernet", "train", "retrain",
          "strategy", "rank", "report")),
      Map.entry("network", ABOVE_STRATEGY),
      Map.entry("space", union(ABOVE_STRATEGY, Set.of("nn", "supernet", "train", "retrain", "eval"))),
      Map.entry("nn", union(ABOVE_STRATEGY, Set.of("supernet", "train", "retrain", "eval"))),
      Map.entry("supernet", union(ABOVE_STRATEGY, Set.of("train", "retrain"))),
      Map.entry("data", union(ABOVE_STRATEGY, Set.of("nn", "supernet", "train", "retrain"))),
      Map.entry("eval", union(ABOVE_STRATEGY, Set.of("train", "retrain"))),
      Map.entry("train", union(ABOVE_STRATEGY, Set.of("retrain"))),
      Map.entry("retrain", ABOVE_STRATEGY),
      Map.entry("config", ABOVE_STRATEGY),
      Map.entry("strategy", Set.of("rank", "report")),
      Map.entry("report", Set.of("rank")));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  /** Package -> the packages its sources refer to, with the first file of each reference. */
  private static Map<String, Map<String, Path>> references() throws IOException {
    Map<String, Map<String, Path>> refs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(f).getName(0).toString();
        Matcher m = REFERENCE.matcher(read(f));
        Map<String, Path> seen = refs.computeIfAbsent(pkg, k -> new TreeMap<>());
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            seen.putIfAbsent(m.group(1), f);
          }
        }
      }
    }
    return refs;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("no package below strategy refers to strategy, rank or report; space does not refer to nn")
  void direction() throws IOException {
    Map<String, Map<String, Path>> refs = references();
    assertTrue(refs.keySet().containsAll(FORBIDDEN.keySet()), "every ruled package has sources: " + refs.keySet());
    assertTrue(refs.get("strategy").containsKey("train") && refs.get("train").containsKey("supernet"),
        "the scan sees references: " + refs);
    List<String> wrong = new ArrayList<>();
    FORBIDDEN.forEach((pkg, forbidden) -> refs.get(pkg).forEach((to, file) -> {
      if (forbidden.contains(to)) {
        wrong.add(pkg + " -> " + to + " (" + file + ")");
      }
    }));
    wrong.sort(null);
    assertEquals(List.of(), wrong);
  }
}
