package org.sparknas.spark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.report.Plots;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.retrain.RetrainSettings;
import org.sparknas.core.retrain.ScratchCurve;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.core.strategy.rsps.RspsPaths;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spark.session.HadoopConfs;

/**
 * {@code nas quality}: how good are the architectures each method finds, by the test accuracy they
 * reach when retrained, against random search at equal compute. Three rounds of work items on the
 * runner (Spark tasks under {@code bin/nas}):
 * <ol>
 *   <li>every (method, seed) searches with the config's budget, as {@code nas compare} does (its own
 *       run directory {@code <quality-id>-<method>-seed<seed>});
 *   <li>per seed, the random baseline draws distinct architectures uniformly (connected ones, in
 *       NAS-Bench-201) and trains each briefly on the search split with the engine (validation accuracy
 *       on the architecture half), until it has used that seed's mean search time; the best by
 *       validation accuracy is its answer. Equal compute is equal wall time on the same workers;
 *   <li>every answer, the baseline's included, is retrained with {@code nas.retrain}'s one recipe on the
 *       driver of its task ({@link RetrainJob}, run directory {@code <id>-<method>-seed<seed>-retrain}),
 *       and scored once on the test split, which nothing before this round reads.
 * </ol>
 * The quality directory gets {@code quality.json} (every run, and per method the mean and standard
 * deviation of test accuracy, mean search and retrain time), {@code report/quality.txt} and
 * {@code report/quality.png}, with {@code _SUCCESS} last.
 */
public final class QualityJob {
  private static final Logger LOG = LoggerFactory.getLogger(QualityJob.class);
  static final String NAME = "quality";
  static final String RANDOM = "random";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The random baseline of one seed with its time budget. */
  public record RandomItem(long seed, double budgetSeconds) implements Serializable {}

  /** The baseline's answer: the best of {@code trained} architectures by validation accuracy. */
  public record RandomBest(long seed, String architecture, double valAccuracy, int trained, double seconds)
      implements Serializable {}

  /** One finished run of the study, as the report reads it. */
  private record Run(String method, long seed, String architecture, double searchSeconds, Map<String, Object> retrain,
      String searchRun, String retrainRun, RandomBest random) {}

  private final NasConfig job;
  private final QualitySettings quality;
  private final String configUri;
  private final Map<String, String> overrides;
  private final ParallelRunner runner;

  public QualityJob(NasConfig job, QualitySettings quality, String configUri, Map<String, String> overrides,
      ParallelRunner runner) {
    this.job = job;
    this.quality = quality;
    this.configUri = configUri;
    this.overrides = overrides;
    this.runner = runner;
  }

  /** Runs the three rounds and writes the report; returns the URI of the quality directory. */
  public String run() throws Exception {
    Instant start = Instant.now();
    String id = job.runId().isEmpty() ? RunDirectory.runId(NAME, start) : job.runId();
    RunDirectory dir = RunDirectory.openUnfinished(job.output(), id, HadoopConfs.current());
    try {
      dir.writeText("config.conf", job.render());
      CompareJob.Work work = new CompareJob.Work(configUri, new HashMap<>(overrides), id);
      List<CompareJob.Item> searches = new ArrayList<>();
      for (String method : quality.methods()) {
        for (long seed : quality.seeds()) {
          searches.add(new CompareJob.Item(method, seed));
        }
      }
      LOG.info("quality {}: {} searches {} x seeds {}, then the random baseline and {} retrains", id, searches.size(),
          quality.methods(), quality.seeds(), searches.size() + quality.seeds().size());
      List<String> searchRuns = runner.map("quality/searches", work, searches, CompareJob::search);
      List<Map<String, Object>> results = new ArrayList<>();
      for (String run : searchRuns) {
        results.add(readJson(run, "result.json"));
      }

      List<RandomItem> randomItems = new ArrayList<>();
      for (long seed : quality.seeds()) {
        double total = 0;
        for (int i = 0; i < searches.size(); i++) {
          total += searches.get(i).seed() == seed ? number(results.get(i), "search_seconds") : 0;
        }
        randomItems.add(new RandomItem(seed, total / quality.methods().size()));
      }
      List<RandomBest> random = runner.map("quality/random", work, randomItems, QualityJob::random);

      List<CompareJob.RetrainItem> retrains = new ArrayList<>();
      for (int i = 0; i < searches.size(); i++) {
        retrains.add(new CompareJob.RetrainItem(searches.get(i).method(), searches.get(i).seed(),
            (String) results.get(i).get("architecture")));
      }
      for (RandomBest r : random) {
        retrains.add(new CompareJob.RetrainItem(RANDOM, r.seed(), r.architecture()));
      }
      List<String> retrainRuns = runner.map("quality/retrains", work, retrains, CompareJob::retrain);

      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < retrains.size(); i++) {
        CompareJob.RetrainItem item = retrains.get(i);
        boolean searched = i < searches.size();
        RandomBest r = searched ? null : random.get(i - searches.size());
        runs.add(new Run(item.method(), item.seed(), item.architecture(),
            searched ? number(results.get(i), "search_seconds") : r.seconds(), readJson(retrainRuns.get(i), "result.json"),
            searched ? searchRuns.get(i) : null, retrainRuns.get(i), r));
      }
      List<Map<String, Object>> rows = rows(runs);
      List<Map<String, Object>> summary = summary(rows);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("quality_id", id);
      doc.put("space", runs.get(0).retrain().get("space"));
      doc.put("dataset", runs.get(0).retrain().get("dataset"));
      doc.put("methods", quality.methods());
      doc.put("seeds", quality.seeds());
      doc.put("recipe", runs.get(0).retrain().get("recipe"));
      doc.put("summary", summary);
      doc.put("runs", rows);
      dir.writeJson("quality.json", doc);
      dir.writeText("report/quality.txt", table(summary));
      Map<String, double[]> bars = new LinkedHashMap<>();
      summary.forEach(s -> bars.put((String) s.get("method"), new double[] {(double) s.get("test_accuracy_mean"),
          (double) s.get("test_accuracy_std")}));
      dir.writeAtomically("report/quality.png", Plots.meanWithSpread("test accuracy after retraining (mean, std over "
          + "seeds)", "test accuracy", bars));
      dir.commit();
      LOG.info("quality:\n{}", table(summary));
      return dir.uri().toString();
    } catch (Exception | Error e) {
      dir.abort();
      throw e;
    }
  }

  /** The work function of round 2: the random baseline of one seed. */
  static RandomBest random(CompareJob.Work w, RandomItem item) throws Exception {
    NasConfig cfg = CompareJob.config(w, Map.of("nas.seed", Long.toString(item.seed())));
    QualitySettings q = QualitySettings.from(cfg.settings());
    JobInputs inputs = JobInputs.load(cfg, SpaceSettings.from(cfg.settings()));
    SearchSpace space = inputs.space();
    TrainSettings t = RetrainSettings.from(cfg.settings());
    ScratchTraining brief = new ScratchTraining(space, inputs.data(),
        t.withSchedule(q.randomEpochs(), t.stepsPerEpoch(), t.lr(), t.lrMin()));
    List<String> candidates = RspsPaths.distinctArchitectures(space, Encoding.full(space), q.randomMax(),
        new SplittableRandom(Seeds.seed(item.seed(), "quality/random")), a -> space.connected(a.encoding()));
    long start = System.nanoTime();
    String best = null;
    double bestAccuracy = -1;
    int trained = 0;
    while (trained < candidates.size()
        && (trained < q.randomMin() || (System.nanoTime() - start) / 1e9 < item.budgetSeconds())) {
      String a = candidates.get(trained);
      ScratchCurve c = brief.train(a, Seeds.seed(item.seed(), "quality/random/train", trained),
          "quality/random/seed" + item.seed() + "/arch-" + trained);
      if (c.finalAccuracy() > bestAccuracy) {
        best = a;
        bestAccuracy = c.finalAccuracy();
      }
      trained++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("random baseline seed {}: {} architectures in {} s (budget {} s), best {} at validation accuracy {}",
        item.seed(), trained, String.format("%.1f", seconds), String.format("%.1f", item.budgetSeconds()), best,
        String.format("%.4f", bestAccuracy));
    return new RandomBest(item.seed(), best, bestAccuracy, trained, seconds);
  }

  /** One row per run: method, seed, architecture, times, test accuracy and loss, where its runs are. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(List<Run> runs) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> test = (Map<String, Object>) r.retrain().get("test");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("method", r.method());
      row.put("seed", r.seed());
      row.put("architecture", r.architecture());
      row.put("search_seconds", r.searchSeconds());
      row.put("retrain_seconds", r.retrain().get("train_seconds"));
      row.put("test_accuracy", test.get("accuracy"));
      row.put("test_loss", test.get("loss"));
      if (r.random() != null) {
        row.put("architectures_trained", r.random().trained());
        row.put("best_val_accuracy", r.random().valAccuracy());
      }
      row.put("search_run", r.searchRun());
      row.put("retrain_run", r.retrainRun());
      rows.add(row);
    }
    return rows;
  }

  /** Per method (in study order, the baseline last): runs, mean and sample std of test accuracy, mean times. */
  static List<Map<String, Object>> summary(List<Map<String, Object>> rows) {
    Map<String, List<Map<String, Object>>> byMethod = new LinkedHashMap<>();
    rows.forEach(r -> byMethod.computeIfAbsent((String) r.get("method"), m -> new ArrayList<>()).add(r));
    List<Map<String, Object>> summary = new ArrayList<>();
    byMethod.forEach((method, list) -> {
      double[] acc = list.stream().mapToDouble(r -> number(r, "test_accuracy")).toArray();
      double mean = Arrays.stream(acc).average().orElse(Double.NaN);
      double ss = Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("method", method);
      s.put("runs", acc.length);
      s.put("test_accuracy_mean", mean);
      s.put("test_accuracy_std", acc.length > 1 ? Math.sqrt(ss / (acc.length - 1)) : 0.0);
      s.put("search_seconds_mean", list.stream().mapToDouble(r -> number(r, "search_seconds")).average().orElse(0));
      s.put("retrain_seconds_mean", list.stream().mapToDouble(r -> number(r, "retrain_seconds")).average().orElse(0));
      summary.add(s);
    });
    return summary;
  }

  static String table(List<Map<String, Object>> summary) {
    StringBuilder sb = new StringBuilder(String.format("%-12s %5s %14s %10s %12s %12s%n", "method", "runs",
        "test acc mean", "std", "search s", "retrain s"));
    for (Map<String, Object> s : summary) {
      sb.append(String.format("%-12s %5d %14.4f %10.4f %12.0f %12.0f%n", s.get("method"), (int) s.get("runs"),
          (double) s.get("test_accuracy_mean"), (double) s.get("test_accuracy_std"),
          (double) s.get("search_seconds_mean"), (double) s.get("retrain_seconds_mean")));
    }
    return sb.toString();
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  private static Map<String, Object> readJson(String runUri, String file) throws IOException {
    Path path = new Path(URI.create(runUri + "/" + file));
    try (InputStream in = path.getFileSystem(HadoopConfs.current()).open(path)) {
      return JSON.readValue(in, new TypeReference<Map<String, Object>>() {});
    }
  }
}
