package org.sparknas.spark.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.LocalRunner;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.strategy.fewshot.GradientMatchingSettings;
import org.sparknas.core.strategy.fewshot.GradientMatchingSplitter;
import org.sparknas.core.strategy.fewshot.SplitDecision;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.MetricsSink;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spaces.Spaces;
import org.sparknas.spark.cli.CommandLine;
import org.sparknas.spark.runtime.SparkRunner;
import org.sparknas.spark.session.SparkSessions;

/**
 * {@code nas bench gm}: times one gradient-matching split of the root supernet of a job config (default
 * {@code conf/quickstart.conf}; weights freshly initialised, every one created up front; R from
 * {@code nas.fewshot.gm.repeats}, 10 unless set) with the data the job would use, first on a
 * {@link LocalRunner} in this thread, then on a Spark {@code local[2]} session (timed after the session
 * started). The last line is {@code local_s=<wall> local2_s=<wall> identical=<same SplitDecision>}.
 */
public final class GmSplitBenchmark {
  private GmSplitBenchmark() {}

  public static String run(CommandLine cl) {
    Map<String, String> overrides = new LinkedHashMap<>(cl.overrides());
    overrides.putIfAbsent("fewshot.gm.repeats", "10");
    NasConfig job = NasConfig.from(ConfigLoader.load(cl.config() == null ? "conf/quickstart.conf" : cl.config(),
        overrides), Strategies::check);
    GradientMatchingSettings gm = GradientMatchingSettings.from(job.settings());
    DataSource data = Datasets.load(job.data());
    ImageDataset train = data.search().train();
    SearchSpace space = Spaces.create(SpaceSettings.from(job.settings()),
        new long[] {train.channels(), train.height(), train.width()}, train.numClasses());
    Supernet parent = Supernet.create(space, job.seed());
    parent.graph(Encoding.full(space), BatchNormMode.TRAIN);
    parent.clearGraphs();

    long t0 = System.nanoTime();
    SplitDecision local = split(new LocalRunner(), space, data, job, gm, parent);
    double localSeconds = (System.nanoTime() - t0) / 1e9;

    SparkSession spark = SparkSessions.getOrCreate("local[2]", Map.of("spark.ui.enabled", "false"));
    SplitDecision two;
    double twoSeconds;
    try {
      long t1 = System.nanoTime();
      two = split(new SparkRunner(SparkSessions.javaContext(spark)), space, data, job, gm, parent);
      twoSeconds = (System.nanoTime() - t1) / 1e9;
    } finally {
      spark.stop();
    }
    boolean identical = local.group().equals(two.group()) && local.edge() == two.edge()
        && local.opGroups().equals(two.opGroups()) && local.edgeScores().equals(two.edgeScores());
    return String.format("{\"space\": \"%s\", \"repeats\": %d, \"batch\": %d, \"weights\": %d, \"edge\": \"%s/%d\", "
        + "\"groups\": \"%s\", \"edge_scores\": \"%s\"}%nlocal_s=%.1f local2_s=%.1f identical=%b",
        BenchmarkSupport.describe(space), gm.repeats(), gm.batchSize(), parent.parameters().weights().parameterCount(),
        local.group(), local.edge(), local.opGroups(), local.edgeScores(), localSeconds, twoSeconds, identical);
  }

  private static SplitDecision split(ParallelRunner runner, SearchSpace space, DataSource data, NasConfig job,
      GradientMatchingSettings gm, Supernet parent) {
    SearchContext ctx = new SearchContext(space, data, job.train(), job.seed(), runner, MetricsSink.NONE);
    return new GradientMatchingSplitter(gm).split(ctx, parent, Encoding.full(space), "bench/gm/split-1/subnet-0",
        Seeds.seed(job.seed(), "bench/gm"));
  }
}
