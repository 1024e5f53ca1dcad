package org.sparknas.core.rank;

import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.eval.CandidateScoring;
import org.sparknas.core.eval.Score;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.strategy.SearchContext;
import org.sparknas.core.supernet.MaskedSupernet;

/**
 * An arm of weight-sharing supernets: the one-shot supernet (a single full-mask member) or a set of
 * sub-supernets (one member per mask). An architecture's score is its validation accuracy with
 * inherited weights under the first member whose mask admits it (single path, batch-statistic BN, as
 * RSPS scores its candidates).
 */
public interface SupernetArm extends RankingArm {

  /**
   * Trains the arm's supernets within the context's weight-training budget: {@code context.train()}'s
   * epochs over the weight half in total, shared among the members, so every arm gets the same number
   * of weight steps. The members' masks must together admit every architecture of the space.
   */
  List<MaskedSupernet> train(SearchContext context);

  @Override
  default Scores score(SearchContext ctx, List<String> archs, int[] evalIndices) {
    List<MaskedSupernet> members = train(ctx);
    List<List<Integer>> byMember = new ArrayList<>();
    members.forEach(m -> byMember.add(new ArrayList<>()));
    for (int i = 0; i < archs.size(); i++) {
      Encoding path = ctx.space().parse(archs.get(i)).encoding();
      int member = 0;
      while (member < members.size() && !admits(members.get(member).encoding(), path)) {
        member++;
      }
      if (member == members.size()) {
        throw new IllegalStateException("arm " + name() + ": no supernet admits " + archs.get(i));
      }
      byMember.get(member).add(i);
    }
    double[] scores = new double[archs.size()];
    for (int m = 0; m < members.size(); m++) {
      List<Integer> mine = byMember.get(m);
      CandidateScoring scoring = new CandidateScoring(ctx.space(), members.get(m).supernet().parameters(),
          ctx.data(), evalIndices, ctx.train().evalBatchSize(), BatchNormMode.BATCH);
      List<Score> s = CandidateScoring.scoreAll(ctx.runner(), "rank/" + name() + "/member-" + m + "/scores", scoring,
          mine.stream().map(archs::get).toList());
      for (int k = 0; k < mine.size(); k++) {
        scores[mine.get(k)] = s.get(k).accuracy();
      }
    }
    // the next arm trains in this JVM: this arm's networks and their pooled memory go first
    members.forEach(m -> m.supernet().clearGraphs());
    return new Scores(scores, members.size());
  }

  /** Whether every op a single path uses is allowed by {@code mask}. */
  static boolean admits(Encoding mask, Encoding path) {
    for (String g : path.groups()) {
      for (int e = 0; e < path.edges(g); e++) {
        for (int op : path.allowedOps(g, e)) {
          if (!mask.allowed(g, e, op)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
