package org.sparknas.core.config;

import java.util.Collection;
import java.util.Comparator;

/**
 * The "did you mean" hint of an unknown name (a config key, a command-line option): the nearest known
 * name by edit distance, if it is at most three edits away.
 * <pre>{@code
 * throw new ConfigException(key, "unknown key" + DidYouMean.hint(key, knownKeys));  // " (did you mean nas.seed?)"
 * }</pre>
 */
public final class DidYouMean {
  private static final int MAX_EDITS = 3;

  private DidYouMean() {}

  /** {@code " (did you mean <nearest>?)"}, or the empty string when no known name is close. */
  public static String hint(String given, Collection<String> known) {
    return known.stream().min(Comparator.comparingInt(k -> distance(k, given)))
        .filter(k -> distance(k, given) <= MAX_EDITS).map(k -> " (did you mean " + k + "?)").orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
