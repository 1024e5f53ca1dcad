package org.sparknas.core.strategy.fewshot;

/**
 * When a spawned sub-supernet starts from fresh weights instead of its parent's (specs/algorithms.md
 * A.5): never, at every split, or at the last split only (the published GM-NAS scripts).
 */
public enum Restart {
  NONE, ALL, FINAL;

  /** Whether the children of the split at {@code level} (0-based) of {@code splits} start afresh. */
  public boolean at(int level, int splits) {
    return this == ALL || (this == FINAL && level == splits - 1);
  }
}
