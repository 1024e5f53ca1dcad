package org.sparknas.core.strategy.bossnas;

import java.io.Serializable;
import java.util.ArrayList;

import org.sparknas.core.space.BlockPath;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Lars;

/**
 * Where a BossNAS search stands after an epoch or a block's rating: the block in training and the
 * epochs it has done, the paths chosen so far with their ranked candidates, both networks' parameters
 * and the block's LARS state. Randomness is derived from (seed, block, epoch, step), so a search resumed
 * from here continues exactly as an uninterrupted one.
 *
 * @param lastLoss mean training loss of the last epoch trained
 */
record BossnasCheckpoint(int block, int epochsDone, ArrayList<BlockPath> chosen, ArrayList<BlockRanking> rankings,
    SupernetParameters online, SupernetParameters target, Lars lars, double lastLoss) implements Serializable {

  static final String NAME = "bossnas";
}
