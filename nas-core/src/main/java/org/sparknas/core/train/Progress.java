package org.sparknas.core.train;

import java.time.Duration;

import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress lines for long loops: phase, epoch, step, loss, accuracy, elapsed time and ETA, at most
 * once per interval (and always on an epoch's last step).
 * <pre>{@code
 * Progress p = new Progress("darts", epochs, steps, 30);
 * p.step(epoch, step, loss, acc);
 * }</pre>
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final String phase;
  private final int firstEpoch;
  private final int epochs;
  private final int stepsPerEpoch;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long lastLog = start;

  public Progress(String phase, int epochs, int stepsPerEpoch, double intervalSeconds) {
    this(phase, 0, epochs, stepsPerEpoch, intervalSeconds);
  }

  /** Progress over the {@code epochs} epochs from {@code firstEpoch} (0-based) on, counted from there. */
  public Progress(String phase, int firstEpoch, int epochs, int stepsPerEpoch, double intervalSeconds) {
    this.phase = phase;
    this.firstEpoch = firstEpoch;
    this.epochs = epochs;
    this.stepsPerEpoch = stepsPerEpoch;
    this.intervalNanos = (long) (intervalSeconds * 1e9);
  }

  /**
   * Reports step {@code step} (0-based) of epoch {@code epoch} (0-based) as done, with the epoch's
   * running loss; a NaN or infinite loss stops the search ({@link Divergence}).
   */
  public void step(int epoch, int step, double loss, double accuracy) {
    Divergence.check(loss, () -> String.format("%s epoch %d/%d step %d/%d", phase, epoch - firstEpoch + 1, epochs,
        step + 1, stepsPerEpoch));
    long now = System.nanoTime();
    boolean last = step == stepsPerEpoch - 1;
    if (now - lastLog < intervalNanos && !last) {
      return;
    }
    lastLog = now;
    LOG.info(line(epoch - firstEpoch, step, loss, accuracy, now));
  }

  /** The line of step {@code step} of the {@code epoch}-th epoch counted (0-based). */
  String line(int epoch, int step, double loss, double accuracy, long now) {
    long done = (long) epoch * stepsPerEpoch + step + 1;
    long total = (long) epochs * stepsPerEpoch;
    Duration elapsed = Duration.ofNanos(now - start);
    Duration eta = Duration.ofNanos((long) ((now - start) / (double) done * (total - done)));
    return String.format("%s | epoch %d/%d | step %d/%d | loss %.4f | acc %.4f | elapsed %s | ETA %s | %s", phase,
        epoch + 1, epochs, step + 1, stepsPerEpoch, loss, accuracy, format(elapsed), format(eta), memory());
  }

  /**
   * Resident memory of the process and the part of it the Java heap has committed; the rest is
   * native (ND4J's arrays, libnd4j's caches, the JVM itself).
   */
  static String memory() {
    return String.format("resident %.1f GB (java heap %.1f GB)", Pointer.physicalBytes() / 1e9,
        Runtime.getRuntime().totalMemory() / 1e9);
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** A duration as {@code 3m07s}, or {@code 1h05m} from an hour on. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
