package org.sparknas.core.strategy.fewshot;

import java.util.Arrays;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.SearchSpace;

/**
 * The {@code nas.fewshot.gm} block: how the gradient-matching splitter scores edges
 * (specs/algorithms.md A.3, A.4).
 *
 * @param repeats random train batches per candidate edge (R)
 * @param batchSize images per batch ({@code batch-size = 0}: {@code nas.train.batch-size})
 * @param criterion how the edge to split is chosen from the edges' best cuts
 * @param distance how two children's gradients are compared
 * @param candidateGroups alpha groups whose unsplit edges are candidates; empty: the space's first
 *     group (nb201 {@code cell}; darts {@code normal}, as the DARTS-space reference)
 */
public record GradientMatchingSettings(int repeats, int batchSize, EdgeCriterion criterion,
    GradientDistance distance, List<String> candidateGroups) {

  static final String PREFIX = "nas.fewshot.gm.";

  public GradientMatchingSettings {
    candidateGroups = List.copyOf(candidateGroups);
  }

  public static GradientMatchingSettings from(Settings s) {
    int batch = s.intIn(PREFIX + "batch-size", 0, 1_000_000);
    // The split edge's op always gets weight 1: a child is the parent's encoding with that edge
    // restricted to one op, and a single allowed op carries no mixing weight. The DARTS-space
    // reference keeps the op's soft weight instead, which an encoding cannot express.
    if (!s.bool(PREFIX + "hard")) {
      throw new ConfigException(PREFIX + "hard", "only true is supported: a child keeps the split edge's op with "
          + "weight 1 (the NB201 and RSPS reference); soft weights cannot be expressed by encoding masks");
    }
    return new GradientMatchingSettings(
        s.intIn(PREFIX + "repeats", 1, 1_000_000),
        batch == 0 ? s.intIn("nas.train.batch-size", 1, 1_000_000) : batch,
        EdgeCriterion.of(s.oneOf(PREFIX + "criterion", EdgeCriterion.configNames())),
        GradientDistance.of(s.oneOf(PREFIX + "distance", GradientDistance.configNames())),
        Arrays.stream(s.string(PREFIX + "candidate-groups").split(",")).map(String::trim)
            .filter(g -> !g.isEmpty()).toList());
  }

  /** The candidate groups for a space, checked against its alpha groups. */
  public List<String> groupsOf(SearchSpace space) {
    List<String> names = space.groups().stream().map(AlphaGroup::name).toList();
    if (candidateGroups.isEmpty()) {
      return List.of(names.get(0));
    }
    for (String g : candidateGroups) {
      if (!names.contains(g)) {
        throw new ConfigException(PREFIX + "candidate-groups", "space " + space.name() + " has no alpha group '" + g
            + "', it has " + names);
      }
    }
    return candidateGroups;
  }
}
