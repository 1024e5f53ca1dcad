package org.sparknas.core.strategy.fewshot;

import java.io.Serializable;
import java.util.ArrayList;

/**
 * How far a few-shot search got: the stages done (training up to a split epoch and splitting, or the
 * final warm-up), the tree paths of the sub-supernets that exist now (each in its own checkpoint
 * {@code fewshot-subnet-<path>}), and the splits made so far, as they go into {@code result.json}.
 */
record FewShotCheckpoint(int stagesDone, ArrayList<String> paths, ArrayList<Split> splits)
    implements Serializable {

  static final String NAME = "fewshot";

  static String subnetName(String path) {
    return NAME + "-subnet-" + path;
  }
}
