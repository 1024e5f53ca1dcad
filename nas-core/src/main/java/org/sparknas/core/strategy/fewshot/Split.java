package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One split of a few-shot search as {@code result.json} records it: the split supernet's tree path, the
 * level (1-based) and epoch of the split, the splitter's {@link SplitDecision}, its op groups by name,
 * the children's paths and whether they started afresh. {@link #columns()} is the record as written
 * (the report's {@code RunTables.SPLIT_COLUMNS}); a checkpoint keeps the record itself.
 * <pre>{@code
 * Split s = new Split("0", 2, 30, decision, List.of(List.of("none", "skip_connect"), ...), List.of("0.0", "0.1"), false);
 * }</pre>
 *
 * @param groups the decision's op groups as the space's op names
 */
public record Split(String supernet, int level, int epoch, SplitDecision decision, List<List<String>> groups,
    List<String> children, boolean restart) implements Serializable {

  public Split {
    groups = groups.stream().map(List::copyOf).toList();
    children = List.copyOf(children);
  }

  /**
   * {@code supernet}, {@code level}, {@code epoch}, {@code group}, {@code edge}, {@code groups},
   * {@code op_indices}, {@code distances} (null for a splitter that computes none), {@code score},
   * {@code edge_scores}, {@code children}, {@code restart}.
   */
  public Map<String, Object> columns() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("supernet", supernet);
    m.put("level", level);
    m.put("epoch", epoch);
    m.put("group", decision.group());
    m.put("edge", decision.edge());
    m.put("groups", groups);
    m.put("op_indices", decision.opGroups());
    m.put("distances", decision.distances());
    m.put("score", decision.score());
    m.put("edge_scores", new LinkedHashMap<>(decision.edgeScores()));
    m.put("children", children);
    m.put("restart", restart);
    return m;
  }

  /** The columns of the {@code split} event of {@code events.jsonl}: the record without its matrices. */
  public Map<String, Object> eventColumns(String phase) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", phase);
    m.putAll(columns());
    m.remove("distances");
    m.remove("edge_scores");
    return m;
  }

  /** Records of a list, as they are written. */
  static List<Map<String, Object>> columns(List<Split> splits) {
    List<Map<String, Object>> out = new ArrayList<>();
    splits.forEach(s -> out.add(s.columns()));
    return out;
  }
}
