package org.sparknas.core.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Which way a score is better, and the one place where a best candidate is chosen: validation accuracy
 * is {@link #HIGHER} is better, a loss or a distance (BossNAS's ratings) {@link #LOWER}. A tie always
 * goes to the earlier item, so a choice does not depend on anything but the order the candidates came in.
 * <pre>{@code
 * int best = Direction.HIGHER.best(scores, Score::accuracy);
 * List<Integer> kept = Direction.HIGHER.ranked(contenders, c -> c.smoothed()).subList(0, half);
 * }</pre>
 */
public enum Direction {
  HIGHER,
  LOWER;

  /** Whether {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return this == HIGHER ? a > b : a < b;
  }

  /** The index of the best item (the earliest of equals); {@code items} must not be empty. */
  public <T> int best(List<T> items, ToDoubleFunction<? super T> score) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no candidate to choose from");
    }
    int best = 0;
    for (int i = 1; i < items.size(); i++) {
      if (better(score.applyAsDouble(items.get(i)), score.applyAsDouble(items.get(best)))) {
        best = i;
      }
    }
    return best;
  }

  /** The indices of {@code items} from best to worst; equals keep their order. */
  public <T> List<Integer> ranked(List<T> items, ToDoubleFunction<? super T> score) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      order.add(i);
    }
    Comparator<Integer> worse = Comparator.comparingDouble(i -> score.applyAsDouble(items.get(i)));
    order.sort(this == HIGHER ? worse.reversed() : worse); // List.sort is stable
    return order;
  }
}
