package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sparknas.core.space.Encoding;

/**
 * How one supernet is split (specs/algorithms.md A.4): the chosen edge ({@code group}, {@code edge}),
 * the groups of its allowed op indices, the op-by-op distance matrix over the edge's allowed ops (in
 * ascending op index order), the split's score, and the score of every candidate edge (key
 * {@code group/edge}) as evidence for the report.
 */
public record SplitDecision(String group, int edge, List<List<Integer>> opGroups, double[][] distances,
    double score, Map<String, Double> edgeScores) implements Serializable {

  /** One child encoding per op group: the parent with the split edge's row replaced by the group's indicator. */
  public List<Encoding> children(Encoding parent) {
    List<Encoding> children = new ArrayList<>();
    for (List<Integer> ops : opGroups) {
      boolean[] row = new boolean[parent.opCount(group)];
      for (int op : ops) {
        row[op] = true;
      }
      children.add(parent.withRow(group, edge, row));
    }
    return children;
  }
}
