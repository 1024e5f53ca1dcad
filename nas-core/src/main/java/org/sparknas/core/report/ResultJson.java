package org.sparknas.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.config.NasConfig;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchResult;

/**
 * The {@code result.json} document (DESIGN.md §4): run id, method, space (and its op names, the column
 * order of every alpha matrix), dataset, the chosen architecture's canonical string, the supernet's
 * validation score, the scored candidates, seed, time, executors and {@link RunWarnings}, then the
 * method's own details.
 */
public final class ResultJson {
  private ResultJson() {}

  /** @param warnings {@link RunWarnings} of the run, empty when none */
  public static Map<String, Object> of(String runId, NasConfig job, SearchSpace space, String dataset,
      SearchResult r, double seconds, int executors, List<String> warnings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("method", job.method());
    m.put("space", space.name());
    m.put("ops", space.opNames());
    m.put("dataset", dataset);
    m.put("architecture", r.architecture());
    Map<String, Object> supernet = new LinkedHashMap<>();
    supernet.put("val_accuracy", r.supernet().accuracy());
    supernet.put("val_loss", r.supernet().loss());
    supernet.put("val_examples", r.supernet().examples());
    m.put("supernet", supernet);
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (Candidate c : r.candidates()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("architecture", c.architecture());
      cm.put("score", c.score());
      cm.put("source", c.source());
      candidates.add(cm);
    }
    m.put("candidates", candidates);
    m.put("seed", job.seed());
    m.put("search_seconds", seconds);
    m.put("executors", executors);
    m.put("warnings", warnings);
    m.putAll(r.details());
    return m;
  }

  /** A few readable lines for {@code report/summary.txt}, then one {@code warning} line per warning. */
  public static String summary(NasConfig job, SearchSpace space, SearchResult r, double seconds,
      List<String> warnings) {
    StringBuilder text = new StringBuilder(String.format("method        %s%nspace         %s%narchitecture  %s%n"
        + "supernet val  accuracy %.4f, loss %.4f (%d images)%ncandidates    %d%nseed          %d%ntime          %.1f s%n",
        job.method(), space.name(), r.architecture(), r.supernet().accuracy(), r.supernet().loss(),
        r.supernet().examples(), r.candidates().size(), job.seed(), seconds));
    for (String w : warnings) {
      text.append("warning       ").append(w).append(System.lineSeparator());
    }
    return text.toString();
  }
}
