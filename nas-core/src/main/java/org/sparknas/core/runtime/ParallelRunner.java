package org.sparknas.core.runtime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.sparknas.core.backend.Nd4jBackends;

/**
 * The runtime seam: a strategy hands a batch of independent work items to a runner and gets the
 * results back in input order. {@link LocalRunner} runs them in this JVM; the Spark runner in
 * {@code spark-jobs} runs one task per item and broadcasts {@code shared} once.
 * <pre>{@code
 * List<Double> accs = runner.map("rsps/eval", weights, candidates, (w, arch) -> evaluate(w, arch));
 * }</pre>
 */
public interface ParallelRunner extends AutoCloseable {

  /**
   * Applies {@code fn} to every item and returns the results in the order of {@code items}.
   *
   * @param description what this batch is, shown in logs and as the Spark job description
   *     ({@code fewshot/split-1/subnet-3/epoch-7} style)
   */
  <S extends Serializable, I extends Serializable, R extends Serializable> List<R> map(
      String description, S shared, List<I> items, WorkFunction<S, I, R> fn);

  /**
   * {@link #map}, with the items handed out largest {@code cost} first and the results still in the
   * order of {@code items}: when a few items take much longer than the rest, starting them first keeps
   * the last task slot from working alone at the end (longest-processing-time-first scheduling).
   */
  default <S extends Serializable, I extends Serializable, R extends Serializable> List<R> mapLongestFirst(
      String description, S shared, List<I> items, WorkFunction<S, I, R> fn, ToDoubleFunction<I> cost) {
    List<Integer> order = longestFirst(items, cost);
    List<I> sorted = new ArrayList<>();
    order.forEach(i -> sorted.add(items.get(i)));
    List<R> done = map(description, shared, sorted, fn);
    List<R> out = new ArrayList<>(Collections.nCopies(items.size(), null));
    for (int k = 0; k < order.size(); k++) {
      out.set(order.get(k), done.get(k));
    }
    return out;
  }

  /** The indices of {@code items} by decreasing {@code cost}; equal costs keep their order. */
  static <I> List<Integer> longestFirst(List<I> items, ToDoubleFunction<I> cost) {
    double[] costs = items.stream().mapToDouble(cost).toArray();
    return IntStream.range(0, items.size()).boxed().sorted(Comparator.comparingDouble((Integer i) -> -costs[i]))
        .toList();
  }

  /**
   * Names the phase the calling thread is in ({@code darts/epoch-3}); a Spark runner makes it the
   * description of the Spark jobs that thread starts outside {@link #map}, which names its own batch.
   * {@code null} clears it. Cheap: no job is started.
   */
  default void phase(String description) {}

  /** How many items can run at once (1 for a sequential runner, the total task slots on Spark). */
  int parallelism();

  /** Human-readable description of where the work runs, recorded in the run manifest. */
  String describe();

  /**
   * The ND4J backend of every JVM that ran work so far, one JSON object each ({@code executor}, then
   * {@link org.sparknas.core.backend.BackendFacts#toJson()}), recorded in the run manifest. A runner that
   * works in this JVM reports this JVM.
   */
  default List<Map<String, Object>> backends() {
    Map<String, Object> here = new LinkedHashMap<>();
    here.put("executor", "local");
    here.putAll(Nd4jBackends.facts().toJson());
    return List.of(here);
  }

  @Override
  default void close() {}
}
