package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.ArrayList;

import org.sparknas.core.space.BlockPath;

/** Block {@code block}'s candidates ranked by their population-centre score, best (lowest) first. */
record BlockRanking(int block, ArrayList<RatedPath<BlockPath>> ranked) implements Serializable {

  BlockPath best() {
    return ranked.get(0).path();
  }

  double bestScore() {
    return ranked.get(0).score();
  }
}
