package org.sparknas.spark.bench;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.FashionMnistReader;
import org.sparknas.core.eval.CandidateScoring;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.spark.cli.CommandLine;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.SparkSessions;

/**
 * {@code nas bench eval}: scores the same {@code --candidates} distinct architectures of a randomly
 * initialised supernet (every weight created up front) on {@code --images} Fashion-MNIST images
 * through {@link CandidateScoring} and a {@link SparkRunner}, first on a {@code local[1]} session and
 * then, after stopping it, on a fresh {@code local[2]} one in the same JVM, in {@code --repeats} such
 * rounds (so that a change in the machine's load hits both modes alike). Each session scores every
 * candidate once untimed (a warm-up: otherwise the JIT compiler, busy with each new candidate's graph
 * building, keeps a second core partly busy under local[1]) and then once timed.
 * <p>Per task, the Spark overhead is the task's duration as the scheduler saw it (launch to result on
 * the driver, from a {@link SparkListener}) minus the compute time the work function measured around
 * {@link CandidateScoring#score}: task launch, closure and broadcast access, result serialisation and
 * return. "cpus busy" is this JVM's CPU time over the wall time of a timed batch: near 2 on local[2]
 * when the machine had two free cores, lower when other processes took them. The last line is
 * {@code local1_s=<median> local2_s=<median> speedup=<x> overhead_ms_per_task=<median>}; the line
 * before it says whether both modes returned identical scores ({@code identical=true}).
 */
public final class EvalBenchmark {
  private static final String[] MASTERS = {"local[1]", "local[2]"};

  private EvalBenchmark() {}

  /** A score and the nanoseconds its computation took inside the task. */
  public record Timed(Score score, long computeNanos) implements Serializable {}

  /** The work function: {@link CandidateScoring#score}, timed. */
  static Timed timed(CandidateScoring s, String architecture) {
    long t0 = System.nanoTime();
    Score score = CandidateScoring.score(s, architecture);
    return new Timed(score, System.nanoTime() - t0);
  }

  public static String run(CommandLine cl) throws InterruptedException {
    SearchSpace space = BenchmarkSupport.space(cl, "nb201", 1);
    int n = cl.intOption("candidates", 16);
    int images = cl.intOption("images", 1024);
    int repeats = cl.intOption("repeats", 5);
    int batch = cl.intOption("batch", 256);
    long seed = cl.intOption("seed", 0);
    if (n < 1 || images < 1 || repeats < 1 || batch < 1) {
      throw new ConfigException("--candidates/--images/--repeats/--batch", "must all be >= 1");
    }
    CandidateScoring scoring = scoring(space, images, batch, seed);
    // in the order every candidate scoring hands them out (CandidateScoring.scoreAll): the costliest
    // first, so that partition i is candidate i both for the scheduler and for the report
    List<String> drawn = distinct(space, n, seed);
    List<String> archs = ParallelRunner.longestFirst(drawn, a -> CandidateScoring.cost(space, a)).stream()
        .map(drawn::get).toList();

    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Double>> overhead = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Double>> cores = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Score>> scores = new ArrayList<>(Collections.nCopies(MASTERS.length, null));
    StringBuilder warnings = new StringBuilder();
    // rounds of local[1] then local[2], so that a change in the machine's load hits both modes alike
    for (int r = 0; r < repeats; r++) {
      for (int m = 0; m < MASTERS.length; m++) {
        String master = MASTERS[m];
        String label = "local-" + master.replaceAll("\\D", "");
        SparkSession spark = SparkSessions.getOrCreate(master, Map.of("spark.ui.enabled", "false"));
        try {
          TaskTimes times = new TaskTimes();
          spark.sparkContext().addSparkListener(times);
          SparkRunner runner = new SparkRunner(SparkSessions.javaContext(spark));
          // an untimed pass over every candidate: the JIT compiles each one's graph-building paths first
          runner.map("bench/eval/" + label + "/warmup-" + r, scoring, new ArrayList<>(archs), EvalBenchmark::timed);
          String description = "bench/eval/" + label + "/repeat-" + r;
          long cpu0 = processCpuNanos();
          long t0 = System.nanoTime();
          List<Timed> out = runner.map(description, scoring, new ArrayList<>(archs), EvalBenchmark::timed);
          long elapsed = System.nanoTime() - t0;
          wall.get(m).add(elapsed / 1e9);
          cores.get(m).add((processCpuNanos() - cpu0) / (double) elapsed);
          Map<Integer, Long> durations = times.await(description, archs.size(), 30);
          for (int i = 0; i < out.size(); i++) {
            Long d = durations.get(i);
            if (d != null) {
              overhead.get(m).add(d - out.get(i).computeNanos() / 1e6);
            }
          }
          List<Score> s = out.stream().map(Timed::score).toList();
          if (scores.get(m) == null) {
            scores.set(m, s);
          } else if (!scores.get(m).equals(s)) {
            warnings.append(String.format("warning: %s repeat %d scored differently from repeat 0%n", master, r));
          }
        } finally {
          spark.stop();
        }
      }
    }
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    StringBuilder report = new StringBuilder(warnings);
    for (int m = 0; m < MASTERS.length; m++) {
      List<Double> o = overhead.get(m);
      report.append(String.format("%s: wall_s %s, cpus busy %s, overhead_ms_per_task median %.1f (min %.1f, max %.1f, %d tasks)%n",
          MASTERS[m], wall.get(m).stream().map(v -> String.format("%.2f", v)).toList(),
          cores.get(m).stream().map(v -> String.format("%.2f", v)).toList(), BenchmarkSupport.median(o),
          o.isEmpty() ? Double.NaN : Collections.min(o), o.isEmpty() ? Double.NaN : Collections.max(o), o.size()));
    }
    boolean identical = scores.get(0).equals(scores.get(1));
    double local1 = BenchmarkSupport.median(wall.get(0));
    double local2 = BenchmarkSupport.median(wall.get(1));
    List<Double> allOverhead = new ArrayList<>(overhead.get(0));
    allOverhead.addAll(overhead.get(1));
    double best = scores.get(0).stream().mapToDouble(Score::accuracy).max().orElse(0);
    return String.format("bench eval: %s, %d candidates x %d images (batch %d), %d repeats, "
        + "%d weights, %d cpus, load average %.1f before, %.1f after%n"
        + "%sbest_accuracy=%.4f identical=%s%nlocal1_s=%.2f local2_s=%.2f speedup=%.2f overhead_ms_per_task=%.1f",
        BenchmarkSupport.describe(space), archs.size(), images, batch, repeats,
        scoring.parameters().weights().parameterCount(), Runtime.getRuntime().availableProcessors(), loadBefore,
        loadAfter, report, best, identical, local1, local2, local1 / local2, BenchmarkSupport.median(allOverhead));
  }

  /** CPU time of this JVM (all threads); -1 where the platform does not say. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /**
   * Shared state: a random supernet with every weight created, scored on the first {@code images}
   * images of the validation half of a Fashion-MNIST subset (which travels to tasks as its settings).
   */
  static CandidateScoring scoring(SearchSpace space, int images, int batch, long seed) {
    Supernet net = Supernet.create(space, seed);
    net.graph(Encoding.full(space), BatchNormMode.BATCH); // creates every op's weights now, not inside tasks
    net.clearGraphs();
    DataSource data = Datasets.load(DataSettings.defaults(FashionMnistReader.NAME, "")
        .withTrainSubset(2 * images).withTestSubset(1).withSeed(seed));
    return new CandidateScoring(space, net.parameters(), data, Evaluator.firstIndices(images, images), batch,
        BatchNormMode.BATCH);
  }

  static List<String> distinct(SearchSpace space, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(Seeds.seed(seed, "bench/eval/candidates"));
    Encoding all = Encoding.full(space);
    Set<String> seen = new LinkedHashSet<>();
    for (int draws = 0; seen.size() < n && draws < 50L * n; draws++) {
      seen.add(space.sample(all, rng).canonical());
    }
    return new ArrayList<>(seen);
  }


  /** Durations (ms, launch to result on the driver) of successful tasks, by job description and partition. */
  static final class TaskTimes extends SparkListener {
    private final Map<Integer, String> stageDescription = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Long>> durations = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
      if (description != null) {
        for (Object stage : scala.collection.JavaConverters.seqAsJavaList(job.stageIds())) {
          stageDescription.put((Integer) stage, description);
        }
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      String description = stageDescription.get(end.stageId());
      if (description != null && end.reason() == Success$.MODULE$) {
        durations.computeIfAbsent(description, k -> new ConcurrentHashMap<>())
            .put(end.taskInfo().index(), end.taskInfo().duration());
      }
    }

    /** Waits (the listener bus is asynchronous) until {@code tasks} tasks of a job are in, or the timeout. */
    Map<Integer, Long> await(String description, int tasks, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        Map<Integer, Long> m = durations.get(description);
        if (m != null && m.size() >= tasks) {
          return m;
        }
        Thread.sleep(10);
      }
      return durations.getOrDefault(description, Map.of());
    }
  }
}
