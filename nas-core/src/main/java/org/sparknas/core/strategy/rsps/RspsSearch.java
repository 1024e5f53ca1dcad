package org.sparknas.core.strategy.rsps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.sparknas.core.eval.CandidateScoring;
import org.sparknas.core.eval.Direction;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStart;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.EpochLoop;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.PathTraining;
import org.sparknas.core.train.SearchData;
import org.sparknas.core.train.TrainSettings;

/**
 * Random sampling with parameter sharing (Li and Talwalkar, 2019; GM-NAS's RSPS, specs/algorithms.md
 * A.6, A.7): each step trains one uniformly sampled path (one op per edge; only that path's ops are
 * computed), with batch norm on batch statistics, on the driver or data-parallel ({@code nas.train.shards}).
 * At the end it samples distinct architectures, scores
 * each on the validation half with the inherited weights, in parallel through the runner, and keeps
 * the best.
 */
public final class RspsSearch implements SearchStrategy {
  public static final String NAME = "rsps";

  private final RspsSettings settings;

  public RspsSearch(RspsSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SearchResult search(SearchContext ctx) {
    TrainSettings t = ctx.train();
    SearchSpace space = ctx.space();
    SearchStart<RspsCheckpoint> start = SearchStart.load(ctx, NAME);
    Supernet net = start.net();
    Encoding all = Encoding.full(space);
    SearchData data = new SearchData(ctx.data(), t, ctx.seed());
    Optimizer sgd = start.sgd();
    PathTraining path = new PathTraining(ctx.runner(), net,
        new UniformPaths(space, all, settings.requireConnected(), ctx.seed(), "rsps/path"), BatchNormMode.BATCH, sgd, t);
    EpochLoop.of(NAME, data, t).run(ctx.runner(), ctx.checkpoints(), start.firstEpoch(), t.epochs(),
        new EpochLoop.Hooks() {
          @Override
          public Pass step(EpochLoop.Step step) {
            return path.step(step);
          }

          @Override
          public void endEpoch(EpochLoop.Epoch epoch) {
            net.clearGraphs();
            ctx.metrics().record(epoch.row(NAME).withElapsedSeconds(epoch.progress().elapsedSeconds()));
          }

          @Override
          public RspsCheckpoint checkpoint(int epochsDone) {
            return new RspsCheckpoint(epochsDone, net.parameters(), sgd);
          }
        });
    List<String> archs = RspsPaths.distinctArchitectures(space, all, settings.candidates(),
        new SplittableRandom(Seeds.seed(ctx.seed(), "rsps/candidates")));
    CandidateScoring scoring = new CandidateScoring(space, net.parameters(), ctx.data(), data.evalIndices(),
        t.evalBatchSize(), BatchNormMode.BATCH);
    List<Score> scores = CandidateScoring.scoreAll(ctx.runner(), "rsps/candidates", scoring, archs);
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < archs.size(); i++) {
      candidates.add(new Candidate(archs.get(i), scores.get(i).accuracy(), "sample " + i));
    }
    int best = Direction.HIGHER.best(scores, Score::accuracy);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("phase", NAME + "/candidates");
    row.put("candidates", archs.size());
    row.put("best_val_accuracy", scores.get(best).accuracy());
    row.put("architecture", archs.get(best));
    ctx.metrics().event("candidates", row);
    return new SearchResult(archs.get(best), scores.get(best), candidates, Map.of("candidates_scored", archs.size()));
  }
}
