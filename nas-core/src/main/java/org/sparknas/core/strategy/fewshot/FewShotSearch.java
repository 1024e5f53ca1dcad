package org.sparknas.core.strategy.fewshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.eval.CandidateScoring;
import org.sparknas.core.eval.Direction;
import org.sparknas.core.eval.Evaluator;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.retrain.ScratchCurve;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.AlphaGroup;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.Candidate;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.strategy.SearchResult;
import org.sparknas.core.strategy.SearchStrategy;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.darts.DartsSettings;
import org.sparknas.core.strategy.rsps.RspsSearch;
import org.sparknas.core.strategy.rsps.RspsSettings;
import org.sparknas.core.strategy.snas.SnasSearch;
import org.sparknas.core.strategy.snas.SnasSettings;
import org.sparknas.core.supernet.MaskedSupernet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.train.CosineSchedule;
import org.sparknas.core.train.TrainSettings;

/**
 * Few-shot NAS with edge splits (GM-NAS, Hu et al. 2022; specs/algorithms.md A.5-A.7, A.10). The
 * one-shot supernet is trained with the base algorithm to the first split epoch, an {@link EdgeSplitter}
 * cuts one of its edges' ops into two groups, and each group becomes a sub-supernet (the parent's
 * encoding with that edge restricted to the group) that owns its weights, architecture parameters,
 * optimiser states and schedule. Splits repeat at every split epoch, so S splits leave 2^S
 * sub-supernets, which then train through the projection warm-up. Each sub-supernet of a level trains
 * as one work item of the runner (one Spark task), and every level ends with a checkpoint per
 * sub-supernet. Finally each sub-supernet proposes architectures, they are scored with its weights on
 * the validation half, and the best one over all sub-supernets is the answer.
 * <pre>{@code
 * SearchResult r = new FewShotSearch(settings, new DartsBase(darts, train), new RandomEdgeSplitter()).search(ctx);
 * List<MaskedSupernet> subs = new FewShotSearch(...).trainSubSupernets(ctx); // the trained sub-supernets only
 * }</pre>
 */
public final class FewShotSearch implements SearchStrategy {
  public static final String NAME = "fewshot-gm";
  private static final Logger LOG = LoggerFactory.getLogger(FewShotSearch.class);
  /** Initial architecture logits when they start exactly uniform (the reference's {@code 1e-3 * ones}). */
  private static final double EQUAL_ALPHA = 1e-3;

  private final FewShotSettings settings;
  private final FewShotBase base;
  private final EdgeSplitter splitter;

  public FewShotSearch(FewShotSettings settings, FewShotBase base, EdgeSplitter splitter) {
    this.settings = settings;
    this.base = base;
    this.splitter = splitter;
  }

  /** The search a job config asks for: the base named by {@code nas.fewshot.base} and the configured splitter. */
  public static FewShotSearch from(Settings s, FewShotSettings f, DartsSettings darts, RspsSettings rsps,
      SnasSettings snas) {
    TrainSettings train = TrainSettings.from(s);
    FewShotBase base = switch (f.base()) {
      case DartsSearch.NAME -> new DartsBase(darts, train);
      case RspsSearch.NAME -> new RspsBase(rsps, train);
      case SnasSearch.NAME -> new SnasBase(snas, train);
      default -> throw new ConfigException("nas.fewshot.base", "no base '" + f.base() + "'");
    };
    return new FewShotSearch(f, base, EdgeSplitters.create(f.splitter(), s));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The sub-supernets at the end of the search and the splits that made them. */
  record Tree(List<SubSupernetState> leaves, List<Split> splits) {}

  @Override
  public SearchResult search(SearchContext ctx) {
    Tree tree = grow(ctx);
    return select(ctx, tree);
  }

  /**
   * Runs the split schedule and the warm-up (resuming from checkpoints) and returns the 2^S trained
   * sub-supernets in tree order, each with the encoding it was trained under; no architecture is selected.
   */
  public List<MaskedSupernet> trainSubSupernets(SearchContext ctx) {
    return grow(ctx).leaves().stream().map(s -> new MaskedSupernet(s.encoding(), s.supernet(ctx.space()))).toList();
  }

  Tree grow(SearchContext ctx) {
    requireEnoughEdges(ctx.space());
    FewShotCheckpoint done = ctx.checkpoints().<FewShotCheckpoint>load(FewShotCheckpoint.NAME).orElse(null);
    List<SubSupernetState> states;
    ArrayList<Split> splits;
    if (done == null) {
      states = List.of(newState(ctx.space(), ctx.train(), SubSupernetState.ROOT, Encoding.full(ctx.space()),
          Seeds.seed(ctx.seed(), "fewshot/init"), fullSchedule(ctx.train()), 0));
      splits = new ArrayList<>();
    } else {
      LOG.info("few-shot: resuming after stage {} with sub-supernets {}", done.stagesDone(), done.paths());
      states = done.paths().stream().map(p -> ctx.checkpoints().<SubSupernetState>load(FewShotCheckpoint.subnetName(p))
          .orElseThrow(() -> new IllegalStateException("checkpoint of sub-supernet " + p + " is missing"))).toList();
      splits = done.splits();
    }
    SubnetTraining training = new SubnetTraining(ctx.space(), ctx.data(), ctx.train(), base, settings.alphasFrom(),
        ctx.seed());
    for (int stage = done == null ? 0 : done.stagesDone(); stage <= settings.splits(); stage++) {
      states = trainLevel(ctx, training, states, stage);
      if (stage < settings.splits()) {
        states = splitLevel(ctx, states, stage, splits);
      }
      ArrayList<String> paths = new ArrayList<>();
      for (SubSupernetState s : states) {
        ctx.checkpoints().save(FewShotCheckpoint.subnetName(s.path()), s);
        paths.add(s.path());
      }
      ctx.checkpoints().save(FewShotCheckpoint.NAME, new FewShotCheckpoint(stage + 1, paths, splits));
    }
    return new Tree(states, splits);
  }

  private void requireEnoughEdges(SearchSpace space) {
    int edges = space.groups().stream().mapToInt(AlphaGroup::edges).sum();
    if (settings.splits() > edges) {
      throw new ConfigException("nas.fewshot.split-epochs", settings.splits() + " splits need as many edges, the "
          + space.name() + " space has " + edges);
    }
  }

  /** Stage {@code stage}: every sub-supernet of level {@code stage} trained, as one task each, to the stage's end. */
  private List<SubSupernetState> trainLevel(SearchContext ctx, SubnetTraining training, List<SubSupernetState> states,
      int stage) {
    int until = settings.stageEnd(stage);
    String description = NAME + "/level-" + stage + "/train";
    LOG.info("few-shot stage {}/{}: {} sub-supernet(s) of level {} train with {} from epoch {} to {} of {}",
        stage + 1, settings.splits() + 1, states.size(), stage, base.name(), states.get(0).epochsDone(), until,
        settings.totalEpochs());
    ArrayList<SubnetTraining.Work> items = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      items.add(new SubnetTraining.Work(states.get(i), stage, i, until));
    }
    ctx.runner().phase(description);
    List<SubnetTraining.Trained> trained = ctx.runner().map(description, training, items, SubnetTraining::train);
    List<SubSupernetState> next = new ArrayList<>();
    for (SubnetTraining.Trained t : trained) {
      t.rows().forEach(ctx.metrics()::record);
      next.add(t.state());
    }
    return next;
  }

  /** Splits every sub-supernet of level {@code stage} and spawns its children (A.5). */
  private List<SubSupernetState> splitLevel(SearchContext ctx, List<SubSupernetState> parents, int stage,
      List<Split> splits) {
    boolean restart = settings.restart().at(stage, settings.splits());
    int at = settings.stageEnd(stage);
    List<SubSupernetState> children = new ArrayList<>();
    for (int i = 0; i < parents.size(); i++) {
      SubSupernetState parent = parents.get(i);
      String phase = NAME + "/split-" + (stage + 1) + "/subnet-" + parent.path();
      ctx.runner().phase(phase);
      SplitDecision d = splitter.split(ctx, parent.supernet(ctx.space()), parent.encoding(), phase,
          Seeds.seed(ctx.seed(), "fewshot/split", stage, i));
      List<Encoding> encodings = d.children(parent.encoding());
      ArrayList<String> paths = new ArrayList<>();
      for (int c = 0; c < encodings.size(); c++) {
        SubSupernetState child = spawn(ctx.space(), ctx.train(), parent, encodings.get(c), parent.childPath(c),
            restart, at, Seeds.seed(ctx.seed(), "fewshot/restart", stage, i, c));
        children.add(child);
        paths.add(child.path());
      }
      Split split = new Split(parent.path(), stage + 1, at, d, d.opGroups().stream()
          .map(ops -> ops.stream().map(ctx.space().opNames()::get).toList()).toList(), paths, restart);
      LOG.info("few-shot split {} of sub-supernet {}: {} edge {} into {}", stage + 1, parent.path(), d.group(),
          d.edge(), split.groups());
      splits.add(split);
      ctx.metrics().event("split", split.eventColumns(NAME + "/split"));
    }
    return children;
  }

  /**
   * A child of {@code parent} under {@code encoding}, spawned at epoch {@code at}: freshly initialised
   * (weights, architecture parameters, optimisers) on restart, otherwise a copy of the parent's weights,
   * architecture parameters and optimiser states. Its schedule is a cosine over the remaining epochs
   * from {@code at} with fix-schedule; otherwise the parent's (continued), or after a restart the full
   * cosine started again at {@code at}.
   */
  SubSupernetState spawn(SearchSpace space, TrainSettings t, SubSupernetState parent, Encoding encoding, String path,
      boolean restart, int at, long seed) {
    CosineSchedule remaining = new CosineSchedule(t.lr(), t.lrMin(), Math.max(1, settings.totalEpochs() - at));
    if (restart) {
      return newState(space, t, path, encoding, seed, settings.fixSchedule() ? remaining : fullSchedule(t), at);
    }
    return new SubSupernetState(path, encoding, parent.parameters().copy(), parent.sgd().copy(),
        parent.adam() == null ? null : parent.adam().copy(),
        settings.fixSchedule() ? remaining : parent.schedule(),
        settings.fixSchedule() ? at : parent.scheduleStart(), parent.epochsDone());
  }

  /** A freshly initialised sub-supernet whose schedule and training start at epoch {@code start}. */
  SubSupernetState newState(SearchSpace space, TrainSettings t, String path, Encoding encoding, long seed,
      CosineSchedule schedule, int start) {
    Supernet net = new Supernet(space, base.alphaInit().parameters(space, seed));
    if (settings.equalAlphas()) {
      net.parameters().alphas().forEach((name, alpha) -> alpha.assign(EQUAL_ALPHA));
    }
    return new SubSupernetState(path, encoding, net.parameters(), t.newSgd(),
        base.newArchitectureOptimizer(), schedule, start, start);
  }

  private CosineSchedule fullSchedule(TrainSettings t) {
    return new CosineSchedule(t.lr(), t.lrMin(), settings.totalEpochs());
  }

  /**
   * A.7: every sub-supernet's proposals are scored with its weights on the validation half (one task
   * per proposal) and its best is its candidate. With {@code selection = supernet} the best candidate
   * (the first on a tie) is the answer; with {@code successive-halving} the distinct candidates train
   * from scratch and {@link SuccessiveHalving} picks. Proposals are scored with batch statistics: the
   * running statistics were gathered under the mixed edges, and a derived path scored with them sat
   * near chance (0.08-0.21 on Fashion-MNIST) whatever its weights.
   */
  private SearchResult select(SearchContext ctx, Tree tree) {
    TrainSettings t = ctx.train();
    int[] indices = Evaluator.firstIndices(ctx.data().search().valid().size(), t.evalSubset());
    List<Candidate> candidates = new ArrayList<>();
    List<Map<String, Object>> subnets = new ArrayList<>();
    List<Score> leafScores = new ArrayList<>();
    for (int i = 0; i < tree.leaves().size(); i++) {
      SubSupernetState leaf = tree.leaves().get(i);
      List<String> proposals = base.proposals(leaf.supernet(ctx.space()), leaf.encoding(),
          Seeds.seed(ctx.seed(), "fewshot/proposals", i));
      CandidateScoring scoring = new CandidateScoring(ctx.space(), leaf.parameters(), ctx.data(), indices,
          t.evalBatchSize(), BatchNormMode.BATCH);
      String description = NAME + "/select/subnet-" + leaf.path();
      ctx.runner().phase(description);
      List<Score> scores = CandidateScoring.scoreAll(ctx.runner(), description, scoring, proposals);
      int b = Direction.HIGHER.best(scores, Score::accuracy);
      candidates.add(new Candidate(proposals.get(b), scores.get(b).accuracy(), "sub-supernet " + leaf.path()));
      Map<String, Object> subnet = new LinkedHashMap<>();
      subnet.put("subnet", leaf.path());
      subnet.put("encoding", leaf.encoding().toString());
      subnet.put("architecture", proposals.get(b));
      subnet.put("score", scores.get(b).accuracy());
      subnet.put("val_loss", scores.get(b).loss());
      subnet.put("proposals_scored", proposals.size());
      subnets.add(subnet);
      Map<String, Object> row = new LinkedHashMap<>(subnet);
      row.put("phase", NAME + "/select");
      ctx.metrics().event("candidate", row);
      leafScores.add(scores.get(b));
    }
    int chosen = Direction.HIGHER.best(leafScores, Score::accuracy);
    Map<String, Object> details = new LinkedHashMap<>();
    if (settings.selection().halving()) {
      List<String> distinct = candidates.stream().map(Candidate::architecture).distinct().toList();
      ScratchTraining training = new ScratchTraining(ctx.space(), ctx.data(), settings.selection().retrain());
      SuccessiveHalving.Outcome halving = SuccessiveHalving.run(ctx.runner(), NAME + "/select/halving", training,
          distinct, settings.selection().roundEnds(), ctx.seed());
      for (Map<String, Object> round : halving.rounds()) {
        Map<String, Object> row = new LinkedHashMap<>(round);
        row.put("phase", NAME + "/select/halving");
        ctx.metrics().event("halving-round", row);
      }
      ScratchCurve won = halving.states().get(halving.winner()).curve();
      // the answer's supernet score stays a supernet score: that of the first sub-supernet proposing it
      chosen = candidates.stream().map(Candidate::architecture).toList().indexOf(won.architecture());
      details.put("halving", halving.rounds());
      details.put("scratch", halving.states().stream().map(h -> Map.of("architecture", h.architecture(),
          "epochs", h.epochsDone(), "val_accuracy", h.curve().valAccuracy())).toList());
      Map<String, Object> scratchScore = new LinkedHashMap<>();
      scratchScore.put("val_accuracy", won.finalAccuracy());
      scratchScore.put("val_loss", won.valLoss()[won.epochs() - 1]);
      scratchScore.put("epochs", won.epochs());
      details.put("scratch_score", scratchScore);
    }
    details.put("base", base.name());
    details.put("splitter", settings.splitter());
    details.put("selection", settings.selection().name());
    details.put("split_epochs", settings.splitEpochs());
    details.put("restart", settings.restart().name().toLowerCase(Locale.ROOT));
    details.put("total_epochs", settings.totalEpochs());
    details.put("splits", Split.columns(tree.splits()));
    details.put("sub_supernets", subnets);
    return new SearchResult(candidates.get(chosen).architecture(), leafScores.get(chosen), candidates, details);
  }
}
