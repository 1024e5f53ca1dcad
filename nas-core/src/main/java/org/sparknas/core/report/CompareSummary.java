package org.sparknas.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.sparknas.core.eval.PairedComparison;

/**
 * The summary of {@code bin/nas compare}'s table: per measurement, every method's mean and standard
 * deviation over its seeds, and every later method against the first paired by seed
 * ({@link PairedComparison}): only seeds where both runs have the measurement count.
 * <pre>{@code
 * CompareSummary s = CompareSummary.of(tableRows, List.of("darts", "sddarts"));
 * s.toJson();  s.text();
 * }</pre>
 */
public record CompareSummary(List<String> methods, List<String> measurements,
    Map<String, Map<String, Spread>> meanAndSd, Map<String, Map<String, PairedComparison>> againstFirst) {

  /** One method's values of one measurement over its seeds: mean, sample standard deviation, count. */
  public record Spread(double mean, double sd, int runs) {}

  /**
   * The measurements summarised, keys of the compare table's rows; {@code test_accuracy} only when
   * the derived architectures were retrained.
   */
  public static final List<String> MEASUREMENTS = List.of("sharpness", "gap", "supernet_val_accuracy",
      "derived_val_accuracy", "test_accuracy");
  private static final List<String> ALWAYS = MEASUREMENTS.subList(0, 4);

  /** From the compare table's rows (each with {@code method}, {@code seed} and the measurements). */
  public static CompareSummary of(List<Map<String, Object>> rows, List<String> methods) {
    List<String> measured = MEASUREMENTS.stream()
        .filter(m -> ALWAYS.contains(m) || rows.stream().anyMatch(r -> r.containsKey(m))).toList();
    Map<String, Map<String, Spread>> stats = new LinkedHashMap<>();
    Map<String, Map<String, PairedComparison>> paired = new LinkedHashMap<>();
    for (String m : measured) {
      Map<String, Spread> perMethod = new LinkedHashMap<>();
      Map<String, PairedComparison> vsFirst = new LinkedHashMap<>();
      for (String method : methods) {
        DescriptiveStatistics d = new DescriptiveStatistics(bySeed(rows, method, m).values().stream()
            .mapToDouble(Double::doubleValue).toArray());
        perMethod.put(method, new Spread(d.getMean(), d.getStandardDeviation(), (int) d.getN()));
      }
      Map<Long, Double> first = bySeed(rows, methods.get(0), m);
      for (String method : methods.subList(1, methods.size())) {
        Map<Long, Double> other = bySeed(rows, method, m);
        List<Long> seeds = new ArrayList<>(first.keySet());
        seeds.retainAll(other.keySet());
        vsFirst.put(method, PairedComparison.of(seeds.stream().mapToDouble(first::get).toArray(),
            seeds.stream().mapToDouble(other::get).toArray()));
      }
      stats.put(m, perMethod);
      paired.put(m, vsFirst);
    }
    return new CompareSummary(List.copyOf(methods), measured, stats, paired);
  }

  private static Map<Long, Double> bySeed(List<Map<String, Object>> rows, String method, String measurement) {
    Map<Long, Double> values = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      if (method.equals(row.get("method")) && row.get(measurement) instanceof Number v
          && Double.isFinite(v.doubleValue())) {
        values.put(((Number) row.get("seed")).longValue(), v.doubleValue());
      }
    }
    return values;
  }

  /** {@code {measurement: {method: {mean, sd, runs}, "<method> - <first>": PairedComparison}}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String m : measurements) {
      Map<String, Object> entry = new LinkedHashMap<>();
      meanAndSd.get(m).forEach((method, s) -> {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("mean", Double.isFinite(s.mean()) ? s.mean() : null);
        v.put("sd", Double.isFinite(s.sd()) ? s.sd() : null);
        v.put("runs", s.runs());
        entry.put(method, v);
      });
      againstFirst.get(m).forEach((method, c) -> entry.put(method + " - " + methods.get(0), c.toJson()));
      out.put(m, entry);
    }
    return out;
  }

  /** Aligned text: one line per measurement with each method's mean +- sd and the paired tests. */
  public String text() {
    StringBuilder sb = new StringBuilder(String.format("%-22s", "mean +- sd over seeds"));
    for (String method : methods) {
      sb.append(String.format(" %17s", method));
    }
    for (String method : methods.subList(1, methods.size())) {
      sb.append(String.format(" %22s %8s %10s", method + " - " + methods.get(0), "t-test p", "wilcoxon p"));
    }
    sb.append('\n');
    for (String m : measurements) {
      sb.append(String.format("%-22s", m));
      for (String method : methods) {
        Spread s = meanAndSd.get(m).get(method);
        sb.append(String.format(" %17s", String.format("%.4f +- %.4f", s.mean(), s.sd())));
      }
      for (String method : methods.subList(1, methods.size())) {
        PairedComparison c = againstFirst.get(m).get(method);
        sb.append(String.format(" %22s %8s %10s", String.format("%+.4f +- %.4f", c.meanDifference(), c.sdDifference()),
            String.format("%.3f", c.tTestP()), String.format("%.3f", c.wilcoxonP())));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
