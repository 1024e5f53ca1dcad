package org.sparknas.core.strategy;

import java.util.List;
import java.util.Map;

import org.sparknas.core.eval.Score;

/**
 * What a search found: the chosen architecture (canonical string), the supernet's validation score,
 * the scored candidates, and method-specific details (architecture weights, splits, ...), all of which
 * go into {@code result.json}.
 */
public record SearchResult(String architecture, Score supernet, List<Candidate> candidates,
    Map<String, Object> details) {

  public SearchResult {
    candidates = List.copyOf(candidates);
    details = Map.copyOf(details);
  }
}
