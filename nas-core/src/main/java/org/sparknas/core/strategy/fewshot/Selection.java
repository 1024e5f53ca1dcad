package org.sparknas.core.strategy.fewshot;

import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.retrain.RetrainSettings;
import org.sparknas.core.train.TrainSettings;

/**
 * How the final architecture is chosen among the sub-supernets' candidates (specs/algorithms.md A.7).
 * {@code supernet}: the candidate with the best validation accuracy under its sub-supernet's weights
 * (the NB201 reference). {@code successive-halving}: the candidates train from scratch with
 * {@code retrain} (the {@code nas.retrain} schedule), and after each epoch of {@code roundEnds} only the
 * better half goes on (the DARTS-space reference, {@link SuccessiveHalving}).
 */
public record Selection(String name, List<Integer> roundEnds, TrainSettings retrain) {
  public static final String SUPERNET = "supernet";
  public static final String SUCCESSIVE_HALVING = "successive-halving";
  public static final List<String> NAMES = List.of(SUPERNET, SUCCESSIVE_HALVING);
  /** By supernet score: needs no from-scratch training. */
  public static final Selection BY_SUPERNET = new Selection(SUPERNET, List.of(), null);

  public Selection {
    roundEnds = List.copyOf(roundEnds);
  }

  /** {@code nas.fewshot.selection}, with {@code nas.fewshot.halving.round-ends} checked against {@code nas.retrain.epochs}. */
  static Selection from(Settings s) {
    String name = s.oneOf("nas.fewshot.selection", NAMES);
    if (name.equals(SUPERNET)) {
      return BY_SUPERNET;
    }
    String key = "nas.fewshot.halving.round-ends";
    TrainSettings retrain = RetrainSettings.from(s);
    List<Integer> ends = s.intList(key);
    for (int i = 0; i < ends.size(); i++) {
      int previous = i == 0 ? 0 : ends.get(i - 1);
      if (ends.get(i) <= previous || ends.get(i) >= retrain.epochs()) {
        throw new ConfigException(key, "round ends must be positive, strictly increasing and below "
            + "nas.retrain.epochs (" + retrain.epochs() + "), got " + ends);
      }
    }
    return new Selection(name, ends, retrain);
  }

  public boolean halving() {
    return name.equals(SUCCESSIVE_HALVING);
  }
}
