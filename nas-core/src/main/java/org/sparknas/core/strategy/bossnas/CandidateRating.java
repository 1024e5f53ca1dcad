package org.sparknas.core.strategy.bossnas;

import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.data.TwoViews;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The engine's side of the population-centre rating of block b (specs/algorithms.md B.5): the trained
 * online and target parameters, one fixed recalibration batch and fixed rating batches, each image's
 * two views made once from the rating view stream (so every candidate, task and retry sees the same
 * pixels). For a candidate: recalibrate the batch norms of the network asked for (target or online) on
 * the fixed batch, then forward every rating batch's two views with running statistics.
 * <pre>{@code
 * CandidateRating model = new CandidateRating(step, online, target, recalibration, batches);
 * List<RatedPath<BlockPath>> ranked = CentreRating.rate(runner, "bossnas/block-0/rating", model, candidates, 1);
 * }</pre>
 */
public final class CandidateRating implements RatingModel<BlockPath> {
  private static final long serialVersionUID = 1L;

  /** Step number of the rating's fixed views (training steps count from 0). */
  static final long VIEW_STEP = -1;

  private final PathStep views;
  private final SupernetParameters online;
  private final SupernetParameters target;
  private final int[] recalibration;
  private final ArrayList<int[]> batches;

  /**
   * @param views the block's step (space, settings, data, chosen paths) whose view maker makes the fixed views
   * @param recalibration train-half images of the batch-norm recalibration batch
   * @param batches validation-half images per rating batch
   */
  public CandidateRating(PathStep views, SupernetParameters online, SupernetParameters target, int[] recalibration,
      List<int[]> batches) {
    this.views = views;
    this.online = online;
    this.target = target;
    this.recalibration = recalibration.clone();
    this.batches = new ArrayList<>(batches);
  }

  @Override
  public List<ProjectionPair> targetProjections(BlockPath path) {
    return forward(path, false);
  }

  @Override
  public List<ProjectionPair> onlinePredictions(BlockPath path) {
    return forward(path, true);
  }

  private List<ProjectionPair> forward(BlockPath path, boolean isOnline) {
    SiameseEngine e = views.engine(online, target);
    TwoViews fixed = views.views(recalibration, VIEW_STEP, 0);
    e.recalibrate(views.chosen(), path, isOnline, fixed.first().features(), fixed.second().features());
    List<ProjectionPair> out = new ArrayList<>();
    for (int[] batch : batches) {
      TwoViews v = views.ratingViews(batch, VIEW_STEP);
      out.add(new ProjectionPair(e.evaluate(views.chosen(), path, isOnline, v.first().features()),
          e.evaluate(views.chosen(), path, isOnline, v.second().features())));
    }
    return out;
  }
}
