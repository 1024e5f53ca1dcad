package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.TwoViewMaker;
import org.sparknas.core.data.TwoViews;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.runtime.WorkFunction;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * The passes of one ensemble-bootstrapping step (specs/algorithms.md B.3 steps 2-5) over its K paths,
 * as path-parallel work: the paths are cut into {@code tasks} runs of consecutive paths, each run one
 * work item of the runner (or, with one task, run on the calling thread). Pass 1 returns every path's
 * normalised target projections, from which the driver forms the target ensemble; pass 2 broadcasts the
 * ensemble and returns every path's loss and gradients. Every path's numbers are computed alone and the
 * driver sums them in path order, so the result depends neither on the executors nor on {@code tasks}.
 * Views travel as image indices and are made where they are used.
 * <pre>{@code
 * PathStep.Result r = new PathStep(space, settings, data, viewSeed, chosen, frozen).run(runner, "bossnas/...",
 *     online, target, paths, indices, step, tasks);
 * }</pre>
 */
public final class PathStep implements Serializable {
  private static final long serialVersionUID = 1L;

  private final BlockwiseSpace space;
  private final BossnasSettings settings;
  private final DataSource data;
  private final long viewSeed;
  private final ArrayList<BlockPath> chosen;
  private final ArrayList<String> frozen;

  /** The step's loss (mean over paths of the path losses) and the gradient sum over paths. */
  record Result(double loss, HashMap<String, INDArray> gradients) {}

  /** What both passes' tasks share: the parameters, the images and step of the views, and the ensemble (pass 2). */
  public record Shared(PathStep step, SupernetParameters online, SupernetParameters target, int[] indices,
      long viewStep, ProjectionPair ensemble) implements Serializable {}

  /** One task's paths, with the view pair each uses. */
  public record Run(ArrayList<BlockPath> paths, int[] pairs) implements Serializable {}

  /**
   * @param viewSeed seed of the two-view streams
   * @param chosen the paths of the blocks before this one
   * @param frozen name prefixes of the weights that take no gradient
   */
  public PathStep(BlockwiseSpace space, BossnasSettings settings, DataSource data, long viewSeed,
      List<BlockPath> chosen, List<String> frozen) {
    this.space = space;
    this.settings = settings;
    this.data = data;
    this.viewSeed = viewSeed;
    this.chosen = new ArrayList<>(chosen);
    this.frozen = new ArrayList<>(frozen);
  }

  /** The two views of weight-training images at a step, from view pair {@code pair}. */
  TwoViews views(int[] indices, long step, int pair) {
    return new TwoViewMaker(data.search().train(), data.normalization(), settings.views(), settings.views(), viewSeed)
        .make(indices, step, pair);
  }

  /** The fixed two views of validation images that the rating scores ({@code step} names the fixed views). */
  TwoViews ratingViews(int[] indices, long step) {
    return new TwoViewMaker(data.search().valid(), data.normalization(), settings.views(), settings.views(), viewSeed)
        .make(indices, step, 0);
  }

  /** The paths chosen for the earlier blocks. */
  List<BlockPath> chosen() {
    return chosen;
  }

  /** The calling thread's engine loaded with these parameters. */
  SiameseEngine engine(SupernetParameters online, SupernetParameters target) {
    return SiameseEngine.forThread(space, settings, online, target);
  }

  Result run(ParallelRunner runner, String description, SupernetParameters online, SupernetParameters target,
      List<BlockPath> paths, int[] indices, long viewStep, int tasks) {
    for (BlockPath p : paths) {
      SiameseEngine.ensure(space, settings, online, target, chosen, p);
    }
    List<Run> runs = runs(paths, Math.min(tasks, paths.size()));
    Shared first = new Shared(this, online, target, indices, viewStep, null);
    List<ProjectionPair> normalised = new ArrayList<>();
    for (ArrayList<ProjectionPair> r : map(runner, description + "/targets", first, runs, PathStep::targets, tasks)) {
      normalised.addAll(r);
    }
    ProjectionPair ensemble = mean(normalised);
    Shared second = new Shared(this, online, target, indices, viewStep, ensemble);
    double loss = 0;
    HashMap<String, INDArray> sum = new HashMap<>();
    for (ArrayList<PathGradients> r : map(runner, description + "/online", second, runs,
        PathStep::online, tasks)) {
      for (PathGradients g : r) {
        loss += g.loss();
        // in path order, name by name: the same additions whatever the task layout
        g.gradients().forEach((n, grad) -> sum.merge(n, grad, INDArray::addi));
      }
    }
    return new Result(loss / paths.size(), sum);
  }

  private static <R extends Serializable> List<R> map(ParallelRunner runner, String description, Shared shared,
      List<Run> runs, WorkFunction<Shared, Run, R> fn, int tasks) {
    if (tasks > 1) {
      return runner.map(description, shared, runs, fn);
    }
    List<R> out = new ArrayList<>();
    for (Run r : runs) {
      try {
        out.add(fn.apply(shared, r));
      } catch (Exception e) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException(description + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** zbar of both views: the mean of the paths' row-normalised target projections, added in path order. */
  private static ProjectionPair mean(List<ProjectionPair> normalised) {
    INDArray v1 = normalised.get(0).view1().dup();
    INDArray v2 = normalised.get(0).view2().dup();
    for (ProjectionPair p : normalised.subList(1, normalised.size())) {
      v1.addi(p.view1());
      v2.addi(p.view2());
    }
    return new ProjectionPair(v1.divi(normalised.size()), v2.divi(normalised.size()));
  }

  private List<Run> runs(List<BlockPath> paths, int tasks) {
    List<Run> runs = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int from = paths.size() * t / tasks;
      int to = paths.size() * (t + 1) / tasks;
      int[] pairs = new int[to - from];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = settings.pairPerPath() ? from + i : 0;
      }
      runs.add(new Run(new ArrayList<>(paths.subList(from, to)), pairs));
    }
    return runs;
  }

  private static ArrayList<ProjectionPair> targets(Shared s, Run run) {
    PathStep st = s.step();
    SiameseEngine e = st.engine(s.online(), s.target());
    ArrayList<ProjectionPair> out = new ArrayList<>();
    for (int i = 0; i < run.paths().size(); i++) {
      TwoViews v = st.views(s.indices(), s.viewStep(), run.pairs()[i]);
      BlockPath p = run.paths().get(i);
      out.add(new ProjectionPair(
          BootstrapLoss.normalizeRows(e.targetProjection(st.chosen, p, v.first().features())),
          BootstrapLoss.normalizeRows(e.targetProjection(st.chosen, p, v.second().features()))));
    }
    return out;
  }

  private static ArrayList<PathGradients> online(Shared s, Run run) {
    PathStep st = s.step();
    SiameseEngine e = st.engine(s.online(), s.target());
    ArrayList<PathGradients> out = new ArrayList<>();
    for (int i = 0; i < run.paths().size(); i++) {
      TwoViews v = st.views(s.indices(), s.viewStep(), run.pairs()[i]);
      out.add(e.onlineGradients(st.chosen, run.paths().get(i), v.first().features(), v.second().features(),
          s.ensemble(), st.frozen));
    }
    return out;
  }
}
