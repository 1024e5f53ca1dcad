package org.sparknas.core.report;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.train.EpochRow;
import org.sparknas.core.train.MetricsSink;

/**
 * A run's durable progress in its run directory: checkpoints as {@code checkpoints/<name>.ser}, each
 * replaced in one step, and the rows of {@code metrics.jsonl} and {@code events.jsonl} they cover.
 * Each checkpoint stores, with the method's state, how many rows each file held and how many seconds
 * the search had run when it was saved. A resumed run keeps only the rows its loaded checkpoints cover:
 * a kill after an epoch's row was written but before its checkpoint would otherwise leave that epoch
 * twice once the resume records it again. The search time goes on from the loaded checkpoint's.
 * <pre>{@code
 * DirectoryCheckpoints progress = new DirectoryCheckpoints(dir, from -> manifest.resumedFrom(from));
 * SearchContext ctx = new SearchContext(space, data, train, seed, runner, progress.metrics(runLog), progress);
 * }</pre>
 */
public final class DirectoryCheckpoints implements Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryCheckpoints.class);
  /** The files of rows, in the order of {@link Stored#rows}. */
  private static final List<String> LOGS = List.of(RunLog.METRICS, RunLog.EVENTS);

  /** A checkpoint as stored: the method's state, the rows of each log file before it, the search seconds spent. */
  record Stored(Serializable state, int[] rows, double elapsedSeconds, Instant savedAt) implements Serializable {}

  private final RunDirectory dir;
  private final Consumer<Map<String, Object>> onResume;
  private final long attemptStart = System.nanoTime();
  private double elapsedBefore;
  private int[] keepRows; // on a resume, until the first write: the rows of each file the loaded checkpoints cover
  private boolean saved;
  private boolean resumeReported;

  /**
   * @param onResume told, at the first checkpoint a resumed run loads, which one it is
   *     ({@code checkpoint}, {@code saved_at}, {@code metrics_rows}, {@code elapsed_seconds})
   */
  public DirectoryCheckpoints(RunDirectory dir, Consumer<Map<String, Object>> onResume) {
    this.dir = dir;
    this.onResume = onResume;
    this.keepRows = dir.resumed() ? new int[LOGS.size()] : null;
  }

  @Override
  public synchronized <T extends Serializable> Optional<T> load(String name) {
    try {
      String path = path(name);
      if (!dir.exists(path)) {
        return Optional.empty();
      }
      Object read = Checkpoints.deserialize(dir.read(path));
      if (!(read instanceof Stored stored)) {
        // written before checkpoints recorded their rows: keep every row
        if (keepRows != null) {
          Arrays.fill(keepRows, Integer.MAX_VALUE);
        }
        @SuppressWarnings("unchecked")
        T legacy = (T) read;
        return Optional.of(legacy);
      }
      if (dir.resumed() && !resumeReported) {
        resumeReported = true;
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("checkpoint", name);
        from.put("saved_at", stored.savedAt().toString());
        from.put("metrics_rows", stored.rows()[0]);
        from.put("elapsed_seconds", stored.elapsedSeconds());
        LOG.info("resuming from checkpoint {} saved {} ({} metrics rows, {} s of search)", name, stored.savedAt(),
            stored.rows()[0], String.format("%.1f", stored.elapsedSeconds()));
        onResume.accept(from);
      }
      if (keepRows != null) {
        for (int f = 0; f < keepRows.length; f++) {
          keepRows[f] = Math.max(keepRows[f], stored.rows()[f]);
        }
      }
      elapsedBefore = Math.max(elapsedBefore, stored.elapsedSeconds());
      @SuppressWarnings("unchecked")
      T state = (T) stored.state();
      return Optional.of(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + name + " in " + dir.inProgressUri(), e);
    }
  }

  @Override
  public synchronized void save(String name, Serializable state) {
    try {
      dropRowsPastCheckpoint();
      int[] rows = new int[LOGS.size()];
      for (int f = 0; f < rows.length; f++) {
        rows[f] = lines(LOGS.get(f)).size();
      }
      dir.writeAtomically(path(name), Checkpoints.serialize(new Stored(state, rows, elapsedSeconds(), Instant.now())));
      saved = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + name + " in " + dir.inProgressUri(), e);
    }
  }

  /** {@code sink} (the run's log) behind the resume's settling: rows past the checkpoint go before the first new one. */
  public MetricsSink metrics(MetricsSink sink) {
    return new MetricsSink() {
      @Override
      public void record(EpochRow row) {
        settle();
        sink.record(row);
      }

      @Override
      public void event(String kind, Map<String, Object> row) {
        settle();
        sink.event(kind, row);
      }
    };
  }

  /** Settles the logs before they are read: a resume that recorded nothing still drops rows past its checkpoint. */
  public synchronized void finish() throws IOException {
    dropRowsPastCheckpoint();
  }

  /** Seconds of search so far: the loaded checkpoint's, plus this attempt's. */
  public synchronized double elapsedSeconds() {
    return elapsedBefore + (System.nanoTime() - attemptStart) / 1e9;
  }

  /** Whether this run wrote (or found) a checkpoint, i.e. whether keeping it for a resume is worth it. */
  public boolean any() {
    return saved || dir.resumed();
  }

  private synchronized void settle() {
    try {
      dropRowsPastCheckpoint();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot settle the logs of " + dir.inProgressUri(), e);
    }
  }

  private void dropRowsPastCheckpoint() throws IOException {
    if (keepRows == null) {
      return;
    }
    for (int f = 0; f < LOGS.size(); f++) {
      List<String> lines = lines(LOGS.get(f));
      if (lines.size() > keepRows[f]) {
        LOG.info("dropping {} rows of {} written after the checkpoint this run resumed from",
            lines.size() - keepRows[f], LOGS.get(f));
        List<String> kept = lines.subList(0, keepRows[f]);
        dir.writeAtomically(LOGS.get(f), (kept.isEmpty() ? "" : String.join("\n", kept) + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    keepRows = null;
  }

  /** The lines of a log file of the run, none if it does not exist yet. */
  private List<String> lines(String file) throws IOException {
    if (!dir.exists(file)) {
      return List.of();
    }
    String text = new String(dir.read(file), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static String path(String name) {
    return "checkpoints/" + name + ".ser";
  }
}
