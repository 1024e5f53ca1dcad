package org.sparknas.core.strategy.bossnas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.data.BatchSampler;
import org.sparknas.core.eval.Score;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseArchitecture;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.EmaMomentumSchedule;
import org.sparknas.core.train.Lars;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TargetEma;
import org.sparknas.core.train.WarmupCosineSchedule;

/**
 * BossNAS (specs/algorithms.md B): blocks in sequence; each is trained by ensemble bootstrapping
 * ({@link PathStep}: K paths per step, the target ensemble as every online path's regression target,
 * gradients summed over the paths, LARS, the target as the online network's EMA), then every candidate
 * path of the block is rated towards the population centre ({@link CentreRating} over
 * {@link CandidateRating}) and the best (lowest score) is fixed for the blocks after it. LARS and both
 * schedules restart with every block. Training batches come from the weight-training half, the rating
 * from {@code nas.train.eval-subset} images of the validation half; {@code nas.train.shards} is the
 * number of path-parallel tasks per step.
 * <pre>{@code
 * SearchResult r = new BossnasSearch(BossnasSettings.from(settings)).search(context);
 * }</pre>
 */
public final class BossnasSearch implements SearchStrategy {
  public static final String NAME = "bossnas";
  private static final Logger LOG = LoggerFactory.getLogger(BossnasSearch.class);

  private final BossnasSettings settings;

  public BossnasSearch(BossnasSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SearchResult search(SearchContext ctx) {
    if (!(ctx.space() instanceof BlockwiseSpace space)) {
      throw new ConfigException("nas.space.name", "bossnas searches block-wise spaces (hytra, mbconv, nats-size), not "
          + ctx.space().name());
    }
    int k = settings.pathsPerStep(space);
    SearchData data = new SearchData(ctx.data(), ctx.train(), ctx.seed());
    int steps = data.stepsPerEpoch();
    BatchSampler order = new BatchSampler(ctx.data().search().train().size(), ctx.train().batchSize(),
        Seeds.seed(ctx.seed(), "bossnas/train-order"));
    long viewSeed = Seeds.seed(ctx.seed(), "bossnas/views");
    BossnasCheckpoint state = ctx.checkpoints().<BossnasCheckpoint>load(BossnasCheckpoint.NAME).orElse(
        new BossnasCheckpoint(0, 0, new ArrayList<>(), new ArrayList<>(), SupernetParameters.empty(ctx.seed()),
            SupernetParameters.empty(ctx.seed()), settings.newLars(), Double.NaN));
    if (state.block() > 0 || state.epochsDone() > 0) {
      LOG.info("bossnas: resuming at block {} after {} of its epochs", state.block(), state.epochsDone());
    }
    SupernetParameters online = state.online();
    SupernetParameters target = state.target();
    ArrayList<BlockPath> chosen = state.chosen();
    ArrayList<BlockRanking> rankings = state.rankings();
    Lars lars = state.lars();
    double lastLoss = state.lastLoss();
    for (int b = state.block(); b < space.blocks(); b++) {
      PathStep step = new PathStep(space, settings, ctx.data(), viewSeed, chosen, frozen(b));
      WarmupCosineSchedule lr = settings.lrSchedule(steps);
      EmaMomentumSchedule ema = settings.emaSchedule(steps);
      for (int e = b == state.block() ? state.epochsDone() : 0; e < settings.epochsPerBlock(); e++) {
        int epoch = b * settings.epochsPerBlock() + e;
        String phase = NAME + "/block-" + b + "/epoch-" + e;
        ctx.runner().phase(phase);
        long start = System.nanoTime();
        List<int[]> batches = order.batches(epoch);
        double lossSum = 0;
        double rate = 0;
        double momentum = 0;
        for (int i = 0; i < steps; i++) {
          long stepInBlock = (long) e * steps + i;
          List<BlockPath> paths = space.samplePaths(b, chosen, k,
              new SplittableRandom(Seeds.seed(ctx.seed(), "bossnas/paths", b, e, i)));
          PathStep.Result r = step.run(ctx.runner(), phase + "/step-" + i, online, target, paths, batches.get(i),
              (long) epoch * steps + i, ctx.train().shards());
          rate = lr.at(e, stepInBlock);
          lars.step(online.weights(), r.gradients(), rate);
          momentum = ema.at(stepInBlock);
          TargetEma.update(target.weights().select(emaNames(target, b)), online.weights(), momentum);
          lossSum += r.loss();
        }
        lastLoss = lossSum / steps;
        ctx.metrics().record(EpochRow.head(phase, epoch, rate, lastLoss, Double.NaN)
            .withBlockwise(new EpochRow.Blockwise(b, e + 1, momentum, k))
            .withElapsedSeconds((System.nanoTime() - start) / 1e9));
        ctx.checkpoints().save(BossnasCheckpoint.NAME,
            new BossnasCheckpoint(b, e + 1, chosen, rankings, online, target, lars, lastLoss));
      }
      BlockRanking ranking = rate(ctx, space, step, data, order, online, target, b);
      rankings.add(ranking);
      chosen.add(ranking.best());
      lars = settings.newLars();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("block", b);
      row.put("best_path", ranking.best().toString());
      row.put("best_score", ranking.bestScore());
      row.put("candidates", ranking.ranked().size());
      ctx.metrics().event("block-rating", row);
      ctx.checkpoints().save(BossnasCheckpoint.NAME,
          new BossnasCheckpoint(b + 1, 0, chosen, rankings, online, target, lars, lastLoss));
    }
    return result(space, chosen, rankings, lastLoss);
  }

  /** Population-centre rating of every candidate of block {@code b}, as parallel tasks. */
  private BlockRanking rate(SearchContext ctx, BlockwiseSpace space, PathStep step, SearchData data,
      BatchSampler order, SupernetParameters online, SupernetParameters target, int b) {
    List<BlockPath> candidates = space.candidates(b, step.chosen());
    for (BlockPath p : candidates) {
      SiameseEngine.ensure(space, settings, online, target, step.chosen(), p);
    }
    int[] rating = data.evalIndices();
    List<int[]> batches = new ArrayList<>();
    int size = ctx.train().evalBatchSize();
    for (int from = 0; from < rating.length; from += size) {
      batches.add(Arrays.copyOfRange(rating, from, Math.min(rating.length, from + size)));
    }
    long start = System.nanoTime();
    CandidateRating model = new CandidateRating(step, online, target, order.batches(0).get(0), batches);
    List<RatedPath<BlockPath>> ranked = CentreRating.rate(ctx.runner(), NAME + "/block-" + b + "/rating", model,
        candidates, settings.ratingPathsPerTask());
    LOG.info("bossnas: block {} rated {} candidates on {} images in {} s; best {} ({})", b, candidates.size(),
        rating.length, String.format("%.1f", (System.nanoTime() - start) / 1e9), ranked.get(0).path(),
        String.format("%.4f", ranked.get(0).score()));
    return new BlockRanking(b, new ArrayList<>(ranked));
  }

  /** Name prefixes of the weights that take no gradient while block {@code b} trains. */
  private List<String> frozen(int b) {
    List<String> frozen = new ArrayList<>();
    if (settings.freezePreviousBlocks() && b > 0) {
      frozen.add("stem/");
      for (int i = 0; i < b; i++) {
        frozen.add("block" + i + "/");
      }
    }
    return frozen;
  }

  /** The target weights the EMA moves: the backbone and the current block's neck (B.3 step 7). */
  private static List<String> emaNames(SupernetParameters target, int b) {
    List<String> names = new ArrayList<>();
    for (String n : target.weights().names()) {
      if (!n.startsWith("neck") || n.startsWith(BlockNetworks.neck(b))) {
        names.add(n);
      }
    }
    return names;
  }

  /**
   * An architecture's BossNAS score from a finished search's per-block tables (B.1 item 4, B.9): the
   * sum over blocks of (its block path's score + 4), looked up in the candidates that block rated;
   * lower is better. Every block path must have been rated (HyTra's candidate sets depend on the
   * earlier blocks, so there only paths that continue the chosen ones are).
   */
  @SuppressWarnings("unchecked")
  public static double architectureScore(SearchResult search, List<BlockPath> paths) {
    List<Map<String, Object>> blocks = (List<Map<String, Object>>) search.details().get("blocks");
    List<Double> scores = new ArrayList<>();
    for (int b = 0; b < paths.size(); b++) {
      String path = paths.get(b).toString();
      scores.add(((List<Map<String, Object>>) blocks.get(b).get("ranked")).stream()
          .filter(r -> r.get("path").equals(path)).map(r -> (Double) r.get("score")).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("the search rated no path " + path + " in its block")));
    }
    return PopulationCentre.architectureScore(scores);
  }

  private static SearchResult result(BlockwiseSpace space, List<BlockPath> chosen, List<BlockRanking> rankings,
      double lastLoss) {
    String architecture = space.architecture(chosen).canonical();
    double score = PopulationCentre.architectureScore(rankings.stream().map(BlockRanking::bestScore).toList());
    List<Map<String, Object>> blocks = new ArrayList<>();
    for (BlockRanking r : rankings) {
      List<Map<String, Object>> ranked = new ArrayList<>();
      for (RatedPath<BlockPath> p : r.ranked()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", p.path().toString());
        m.put("score", p.score());
        ranked.add(m);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("block", r.block());
      m.put("path", r.best().toString());
      m.put("score", r.bestScore());
      m.put("ranked", ranked);
      blocks.add(m);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("architecture_score", score);
    details.put("block_paths", BlockwiseArchitecture.spaced(chosen));
    details.put("blocks", blocks);
    List<Integer> rows = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    for (BlockPath p : chosen) {
      for (int op : p.ops()) {
        rows.add(space.drawingRow(op));
        ops.add(space.opNames().get(op));
      }
    }
    Map<String, Object> drawing = new LinkedHashMap<>();
    drawing.put("axis", space.drawingAxis());
    drawing.put("rows", rows);
    drawing.put("ops", ops);
    details.put("path_drawing", drawing);
    return new SearchResult(architecture, new Score(lastLoss, Double.NaN, 0),
        List.of(new Candidate(architecture, score, "bossnas: sum over blocks of (score + 4)")), details);
  }
}
