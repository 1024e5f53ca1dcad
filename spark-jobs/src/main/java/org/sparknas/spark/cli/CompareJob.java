package org.sparknas.spark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.CompareSummary;
import org.sparknas.core.report.Plots;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunLog;
import org.sparknas.core.report.RunTables;
import org.sparknas.core.report.Table;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.session.HadoopConfs;
import org.sparknas.spark.tables.ParquetTables;

/**
 * {@code nas compare}: the same search config run for every (method, seed) of {@code nas.compare},
 * each run one work item of the runner (a normal search with its own run directory
 * {@code <compare-id>-<method>-seed<seed>}, steps on the task's own thread), then a comparison
 * directory {@code <output>/<compare-id>/} with {@code report/compare.txt} and {@code compare.json}
 * (per run: final sharpness, gap, derived architecture and its validation accuracy, with
 * {@code nas.compare.retrain} its test accuracy after a DL4J retrain; per method their
 * mean and spread over seeds, and paired tests against the first method: {@link CompareSummary}), PNG plots
 * (sharpness and gap per epoch of every run, softmax(alpha) per edge of every method for each seed) and
 * the Parquet tables of all its runs under {@code tables/}: a search runs inside a Spark task, where it
 * cannot write tables with Spark, so the comparison writes them for it (a glob over the run
 * directories reads each row once).
 * <pre>{@code
 * String uri = new CompareJob(job, compare, "conf/compare-darts-nb201.conf", overrides, runner, spark).run();
 * }</pre>
 */
public final class CompareJob {
  private static final Logger LOG = LoggerFactory.getLogger(CompareJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What every search task needs: where the config comes from and the comparison's id. */
  public record Work(String configUri, HashMap<String, String> overrides, String compareId) implements Serializable {}

  /** One search of the comparison. */
  public record Item(String method, long seed) implements Serializable {}

  /** One architecture to retrain, and whose answer it is. */
  public record RetrainItem(String method, long seed, String architecture) implements Serializable {}

  /**
   * One finished run as the report reads it; {@code retrain} is the retrain's {@code result.json} and
   * {@code retrainUri} its directory, both null when {@code nas.compare.retrain} is off.
   */
  private record Run(Item item, String uri, List<Map<String, Object>> rows, Map<String, Object> result,
      Map<String, Object> retrain, String retrainUri) {}

  private final NasConfig job;
  private final CompareSettings compare;
  private final String configUri;
  private final Map<String, String> overrides;
  private final ParallelRunner runner;
  private final SparkSession spark;

  /**
   * @param configUri the job config file every search reads
   * @param overrides the {@code key=value} overrides of the command line, applied to every search
   * @param spark writes the tables (from the driver)
   */
  public CompareJob(NasConfig job, CompareSettings compare, String configUri, Map<String, String> overrides,
      ParallelRunner runner, SparkSession spark) {
    this.job = job;
    this.compare = compare;
    this.configUri = configUri;
    this.overrides = overrides;
    this.runner = runner;
    this.spark = spark;
  }

  /** Runs every search and writes the comparison; returns the URI of the comparison directory. */
  public String run() throws Exception {
    Instant start = Instant.now();
    String compareId = job.runId().isEmpty() ? RunDirectory.runId("compare", start) : job.runId();
    RunDirectory dir = RunDirectory.openUnfinished(job.output(), compareId, HadoopConfs.current());
    try {
      dir.writeText("config.conf", job.render());
      List<Item> items = new ArrayList<>();
      for (String method : compare.methods()) {
        for (long seed : compare.seeds()) {
          items.add(new Item(method, seed));
        }
      }
      LOG.info("compare {}: {} searches {} x seeds {}, {} at a time", compareId, items.size(), compare.methods(),
          compare.seeds(), runner.parallelism());
      Work work = new Work(configUri, new HashMap<>(overrides), compareId);
      List<String> uris = runner.map("compare/searches", work, items, CompareJob::search);
      List<Map<String, Object>> results = new ArrayList<>();
      for (String uri : uris) {
        results.add(JSON.readValue(read(uri, "result.json"), new TypeReference<Map<String, Object>>() {}));
      }
      List<String> retrainUris = new ArrayList<>();
      if (compare.retrain()) {
        List<RetrainItem> retrains = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          retrains.add(new RetrainItem(items.get(i).method(), items.get(i).seed(),
              (String) results.get(i).get("architecture")));
        }
        retrainUris = runner.map("compare/retrains", work, retrains, CompareJob::retrain);
      }
      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String retrainUri = compare.retrain() ? retrainUris.get(i) : null;
        runs.add(new Run(items.get(i), uris.get(i), RunLog.rows(read(uris.get(i), RunLog.METRICS)), results.get(i),
            retrainUri == null ? null : JSON.readValue(read(retrainUri, "result.json"),
                new TypeReference<Map<String, Object>>() {}), retrainUri));
      }
      List<Map<String, Object>> table = table(runs);
      CompareSummary summary = CompareSummary.of(table, compare.methods());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("compare_id", compareId);
      json.put("runs", table);
      json.put("summary", summary.toJson());
      dir.writeJson("compare.json", json);
      String report = text(table) + "\n" + summary.text();
      dir.writeText("report/compare.txt", report);
      writePlots(dir, runs);
      ParquetTables.write(spark, dir, tables(runs));
      dir.commit();
      LOG.info("comparison:\n{}", report);
      return dir.uri().toString();
    } catch (Exception | Error e) {
      dir.abort();
      throw e;
    }
  }

  /** The work function of the searches: one normal search, with the method, seed and run id of its item. */
  static String search(Work w, Item item) throws Exception {
    NasConfig searchJob = config(w, Map.of("nas.method", item.method(), "nas.seed", Long.toString(item.seed()),
        "nas.run-id", w.compareId() + "-" + item.method() + "-seed" + item.seed()));
    // the search's own parallel work stays in this task: one task per search
    try (LocalRunner local = new LocalRunner();
        SearchJob run = SearchJob.prepare(searchJob, SpaceSettings.from(searchJob.settings()))) {
      return run.run(local, null); // no session in a task: the comparison writes its searches' tables
    }
  }

  /**
   * The work function of the retrains: one DL4J retrain on the task's own thread, run directory
   * {@code <id>-<method>-seed<seed>-retrain} (a finished one is read back, not trained again).
   */
  static String retrain(Work w, RetrainItem item) throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("nas.seed", Long.toString(item.seed()));
    keys.put("nas.run-id", w.compareId() + "-" + item.method() + "-seed" + item.seed() + "-retrain");
    keys.put("nas.retrain.architecture", item.architecture());
    keys.put("nas.retrain.from-run", "");
    NasConfig cfg = config(w, keys);
    RetrainTarget t = RetrainTarget.from(cfg.settings(), HadoopConfs.current());
    // a retrain inside a task trains on that task's thread; dl4j-spark cannot start jobs from a task
    RetrainTarget local = new RetrainTarget(t.architecture(), item.method() + " seed " + item.seed(), t.space(),
        t.subset(), t.evalImages(), false, t.averagingFrequency());
    return new RetrainJob(cfg, local, null).run();
  }

  /** The job config of one work item: the command line's overrides, then the item's own keys. */
  static NasConfig config(Work w, Map<String, String> keys) {
    Map<String, String> all = new LinkedHashMap<>(w.overrides());
    all.putAll(keys);
    return NasConfig.from(ConfigLoader.load(w.configUri(), all, HadoopConfs.current()), Strategies::check);
  }

  /** Every run's tables, concatenated table by table ({@code splits} holds the rows of the runs that split). */
  private static List<Table> tables(List<Run> runs) {
    Map<String, Table> byName = new LinkedHashMap<>();
    for (Run r : runs) {
      for (Table t : RunTables.of(r.result(), r.rows())) {
        byName.merge(t.name(), t, Table::concat);
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * One row per run: method, seed, final sharpness and gap, derived architecture and its accuracy, and
   * with retraining its test accuracy.
   */
  private static List<Map<String, Object>> table(List<Run> runs) {
    List<Map<String, Object>> table = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> last = r.rows().stream().filter(row -> row.containsKey("epoch")).reduce((a, b) -> b)
          .orElse(Map.of());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("method", r.item().method());
      row.put("seed", r.item().seed());
      row.put("epochs", last.get("epoch"));
      row.put("sharpness", last.get("sharpness"));
      row.put("gap", last.get("gap"));
      row.put("supernet_val_accuracy", last.get("val_accuracy"));
      row.put("derived_val_accuracy", last.get("derived_val_accuracy"));
      row.put("architecture", r.result().get("architecture"));
      row.put("search_seconds", r.result().get("search_seconds"));
      row.put("run", r.uri());
      if (r.retrain() != null) {
        row.put("test_accuracy", ((Map<?, ?>) r.retrain().get("test")).get("accuracy"));
        row.put("retrain_seconds", r.retrain().get("train_seconds"));
        row.put("retrain_run", r.retrainUri());
      }
      table.add(row);
    }
    return table;
  }

  /** The table as aligned text (a missing measurement, e.g. with nas.analysis off, shows as "-"). */
  static String text(List<Map<String, Object>> table) {
    StringBuilder sb = new StringBuilder(String.format("%-8s %6s %10s %8s %10s %10s %10s %8s  %s%n", "method",
        "seed", "sharpness", "gap", "supernet", "derived", "test", "seconds", "architecture"));
    for (Map<String, Object> row : table) {
      sb.append(String.format("%-8s %6s %10s %8s %10s %10s %10s %8s  %s%n", row.get("method"), row.get("seed"),
          number(row.get("sharpness"), "%.4f"), number(row.get("gap"), "%.4f"),
          number(row.get("supernet_val_accuracy"), "%.4f"), number(row.get("derived_val_accuracy"), "%.4f"),
          number(row.get("test_accuracy"), "%.4f"), number(row.get("search_seconds"), "%.0f"),
          row.get("architecture")));
    }
    return sb.toString();
  }

  private static String number(Object v, String format) {
    return v instanceof Number n ? String.format(format, n.doubleValue()) : "-";
  }

  /** {@code report/sharpness.png}, {@code report/gap.png}, {@code report/alphas-seed<s>-<group>.png}. */
  @SuppressWarnings("unchecked")
  private void writePlots(RunDirectory dir, List<Run> runs) throws IOException {
    for (String metric : List.of("sharpness", "gap")) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (Run r : runs) {
        series.put(r.item().method() + " seed " + r.item().seed(), Plots.epochPoints(r.rows(), metric));
      }
      String what = metric.equals("gap") ? "supernet minus derived validation accuracy"
          : "dominant Hessian eigenvalue of the validation loss in alpha";
      byte[] png = Plots.lines(metric + ": " + what, metric, series);
      if (png != null) {
        dir.writeAtomically("report/" + metric + ".png", png);
      }
    }
    for (long seed : compare.seeds()) {
      Map<String, List<Map<String, Object>>> bySeed = new LinkedHashMap<>();
      List<String> ops = List.of();
      List<String> groups = List.of();
      for (Run r : runs) {
        if (r.item().seed() == seed) {
          bySeed.put(r.item().method(), r.rows());
          ops = (List<String>) r.result().get("ops");
          groups = r.rows().stream().filter(row -> row.get("alphas") instanceof Map)
              .map(row -> List.copyOf(((Map<String, Object>) row.get("alphas")).keySet())).findFirst().orElse(groups);
        }
      }
      for (String g : groups) {
        byte[] png = Plots.alphaTrajectories("softmax(alpha) per epoch, group " + g + ", seed " + seed, bySeed, g, ops);
        if (png != null) {
          dir.writeAtomically("report/alphas-seed" + seed + "-" + g + ".png", png);
        }
      }
    }
  }

  private static String read(String runUri, String file) throws IOException {
    Path path = new Path(URI.create(runUri + "/" + file));
    try (InputStream in = path.getFileSystem(HadoopConfs.current()).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
