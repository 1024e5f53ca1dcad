package org.sparknas.core.report;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.sparknas.core.strategy.Checkpoints;

/**
 * Checkpoints kept in a run directory as {@code checkpoints/<name>.ser}, each replaced in one step,
 * so an interrupted run's in-progress directory holds what {@code --set nas.run-id=<id>} resumes from.
 */
public final class DirectoryCheckpoints implements Checkpoints {
  private final RunDirectory dir;
  private boolean saved;

  public DirectoryCheckpoints(RunDirectory dir) {
    this.dir = dir;
  }

  @Override
  public <T extends Serializable> Optional<T> load(String name) {
    try {
      String path = path(name);
      return dir.exists(path) ? Optional.of(Checkpoints.deserialize(dir.read(path))) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + name + " in " + dir.inProgressUri(), e);
    }
  }

  @Override
  public void save(String name, Serializable state) {
    try {
      dir.writeAtomically(path(name), Checkpoints.serialize(state));
      saved = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + name + " in " + dir.inProgressUri(), e);
    }
  }

  /** Whether this run wrote (or found) a checkpoint, i.e. whether keeping it for a resume is worth it. */
  public boolean any() {
    return saved || dir.resumed();
  }

  private static String path(String name) {
    return "checkpoints/" + name + ".ser";
  }
}
