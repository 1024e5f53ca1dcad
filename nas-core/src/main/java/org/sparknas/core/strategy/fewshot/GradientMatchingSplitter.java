package org.sparknas.core.strategy.fewshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.Progress;

/**
 * GM-NAS's splitter (specs/algorithms.md A.3, A.4, A.10): for every unsplit edge of the candidate
 * groups, average the K x K gradient distances of the edge's ops over R random train batches (one
 * runner batch per edge, one work item per repeat, summed on the driver in repeat order), find the
 * edge's best two-group partition, and split the edge the criterion prefers. Items are seeded from
 * (split seed, group, edge, repeat), so LocalRunner, local[1] and local[2] decide the same way.
 * <pre>{@code
 * EdgeSplitter gm = new GradientMatchingSplitter(GradientMatchingSettings.from(settings));
 * SplitDecision d = gm.split(ctx, parent, encoding, "fewshot/split-1/subnet-0", seed);
 * List<Encoding> children = d.children(encoding);
 * }</pre>
 */
public final class GradientMatchingSplitter implements EdgeSplitter {
  private static final Logger LOG = LoggerFactory.getLogger(GradientMatchingSplitter.class);

  private final GradientMatchingSettings settings;

  public GradientMatchingSplitter(GradientMatchingSettings settings) {
    this.settings = settings;
  }

  private record Candidate(String group, int groupIndex, int edge) {}

  @Override
  public SplitDecision split(SearchContext ctx, Supernet parent, Encoding encoding, String phase, long seed) {
    List<Candidate> candidates = candidates(parent, encoding);
    int trainImages = ctx.data().search().train().size();
    if (settings.batchSize() > trainImages) {
      throw new ConfigException(GradientMatchingSettings.PREFIX + "batch-size", "batch of " + settings.batchSize()
          + " is larger than the weight-training half (" + trainImages + " images)");
    }
    GradientMatchingScore.Work work = GradientMatchingScore.work(parent, encoding, ctx.data(), settings.batchSize(),
        settings.distance());
    boolean oneGroup = parent.space().groups().size() == 1;
    long start = System.nanoTime();
    Map<String, Double> edgeScores = new LinkedHashMap<>();
    List<OpPartitions.Cut> cuts = new ArrayList<>();
    List<double[][]> distances = new ArrayList<>();
    for (int c = 0; c < candidates.size(); c++) {
      Candidate cand = candidates.get(c);
      String description = phase + "/gm/" + (oneGroup ? "" : cand.group() + "-") + "edge-" + cand.edge();
      ctx.runner().phase(description);
      List<GradientMatchingScore.Item> items = new ArrayList<>();
      for (int r = 0; r < settings.repeats(); r++) {
        items.add(new GradientMatchingScore.Item(cand.group(), cand.edge(), r,
            Seeds.seed(seed, "fewshot/gm", cand.groupIndex(), cand.edge(), r)));
      }
      double[][] d = mean(ctx.runner().map(description, work, items, GradientMatchingScore::distances));
      OpPartitions.Cut cut = OpPartitions.minWithin(d);
      double score = settings.criterion().score(cut);
      cuts.add(cut);
      distances.add(d);
      edgeScores.put(cand.group() + "/" + cand.edge(), score);
      long elapsed = System.nanoTime() - start;
      LOG.info(String.format("%s | gm | edge %d/%d (%s/%d) | repeats %d/%d | score %.4f | elapsed %s | ETA %s",
          phase, c + 1, candidates.size(), cand.group(), cand.edge(), settings.repeats(), settings.repeats(), score,
          Progress.format(Duration.ofNanos(elapsed)),
          Progress.format(Duration.ofNanos(elapsed / (c + 1) * (candidates.size() - c - 1)))));
    }
    ctx.runner().phase(null);
    // in local mode the executor threads are this JVM's: their graphs must not outlive the split
    GradientMatchingScore.releaseGraphs();
    int chosen = settings.criterion().choose(cuts.stream().map(settings.criterion()::score).toList());
    Candidate best = candidates.get(chosen);
    OpPartitions.Cut cut = cuts.get(chosen);
    int[] ops = encoding.allowedOps(best.group(), best.edge());
    SplitDecision decision = new SplitDecision(best.group(), best.edge(),
        List.of(opIndices(cut.groupA(), ops), opIndices(cut.groupB(), ops)), distances.get(chosen),
        settings.criterion().score(cut), edgeScores);
    LOG.info("{} | gm | split {}/{} into {} (score {})", phase, decision.group(), decision.edge(),
        decision.opGroups(), decision.score());
    return decision;
  }

  /** The unsplit edges of the candidate groups, group by group in the space's order, edges ascending. */
  private List<Candidate> candidates(Supernet parent, Encoding encoding) {
    List<String> groups = settings.groupsOf(parent.space());
    List<Candidate> out = new ArrayList<>();
    List<String> all = encoding.groups();
    for (String g : all) {
      if (!groups.contains(g)) {
        continue;
      }
      for (int e = 0; e < encoding.edges(g); e++) {
        if (encoding.isUnsplit(g, e)) {
          out.add(new Candidate(g, all.indexOf(g), e));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no unsplit edge left to split in groups " + groups + " of\n" + encoding);
    }
    return out;
  }

  /** The element-wise mean of the repeats' matrices, summed in repeat order. */
  private static double[][] mean(List<double[][]> repeats) {
    int k = repeats.get(0).length;
    double[][] sum = new double[k][k];
    for (double[][] d : repeats) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          sum[i][j] += d[i][j];
        }
      }
    }
    for (double[] row : sum) {
      for (int j = 0; j < k; j++) {
        row[j] /= repeats.size();
      }
    }
    return sum;
  }

  private static List<Integer> opIndices(List<Integer> positions, int[] ops) {
    return positions.stream().map(p -> ops[p]).toList();
  }
}
