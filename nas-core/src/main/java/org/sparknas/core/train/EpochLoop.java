package org.sparknas.core.train;

import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

import org.sparknas.core.data.Batch;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.supernet.Pass;

/**
 * The epoch loop of every supernet search and every from-scratch training, written once. For each
 * epoch still to run it names the runner's phase ({@code <name>/epoch-<n>}), takes the epoch's
 * learning rate, runs the steps on their train batches (each step's loss and accuracy counted into the
 * epoch's {@link EpochStats} and reported to {@link Progress}, which stops a diverged run), then hands
 * the epoch to the method and saves the method's checkpoint under {@code name}. What a step does, what
 * an epoch reports and what a checkpoint holds are the method's {@link Hooks}; a resumed run starts at
 * its checkpoint's epoch, and stopping at an epoch and going on from there trains exactly as one run.
 * <pre>{@code
 * EpochLoop.of("darts", data, ctx.train()).run(ctx.runner(), ctx.checkpoints(), start.firstEpoch(),
 *     ctx.train().epochs(), hooks);
 * }</pre>
 *
 * @param name names the phases, the steps ({@link Step#where()}) and the checkpoint
 * @param lr the learning rate of an epoch (0-based)
 * @param batches which train batch a step gets
 */
public record EpochLoop(String name, SearchData data, IntToDoubleFunction lr, Batches batches, Progress progress) {

  /** The train batch of a step. */
  public enum Batches {
    /** Batch {@code step} of the epoch's seeded order over the weights half. */
    EPOCH_ORDER,
    /** A batch drawn at random for the global step, with replacement across steps (GM-NAS). */
    WITH_REPLACEMENT
  }

  /**
   * The loop of a search over {@code t}'s schedule: the cosine from {@code t.lr()} to {@code t.lrMin()}
   * over {@code t.epochs()}, batches in epoch order, progress lines named {@code name}.
   */
  public static EpochLoop of(String name, SearchData data, TrainSettings t) {
    return new EpochLoop(name, data, new CosineSchedule(t.lr(), t.lrMin(), t.epochs())::at, Batches.EPOCH_ORDER,
        new Progress(name, t.epochs(), data.stepsPerEpoch(), t.logEverySeconds()));
  }

  /**
   * One step: 0-based epoch and step in the epoch, the global step, its train batch, the epoch's
   * learning rate, and {@code where} it is ({@code darts/epoch-3/step-7}) for the runner jobs it starts.
   */
  public record Step(int epoch, int index, long global, Batch train, double lr, String where) {}

  /** An epoch just trained: its index (0-based), learning rate, training statistics and the run's progress. */
  public record Epoch(int index, double lr, EpochStats stats, Progress progress) {
    /** The head of the epoch's metrics row ({@link EpochStats#row}). */
    public EpochRow row(String phase) {
      return stats.row(phase, index, lr);
    }
  }

  /** What a method does in the loop. */
  public interface Hooks {
    /** What the runner's phase of an epoch adds to {@code <name>/epoch-<n>} (SD-DARTS: its snapshots). */
    default String phaseNote(int epoch) {
      return "";
    }

    /** Before an epoch's first step. */
    default void startEpoch(int epoch) {}

    /** One step; the loss and logits of the pass it returns count into the epoch's statistics. */
    Pass step(Step step);

    /** After an epoch's last step: the method's scores and its metrics row. */
    void endEpoch(Epoch epoch);

    /** What a resumed run needs after {@code epochsDone} epochs, saved under the loop's name; null keeps none. */
    default Serializable checkpoint(int epochsDone) {
      return null;
    }

    /** Hooks of a method that keeps no checkpoint and needs nothing before an epoch. */
    static Hooks of(Function<Step, Pass> step, Consumer<Epoch> endEpoch) {
      return new Hooks() {
        @Override
        public Pass step(Step s) {
          return step.apply(s);
        }

        @Override
        public void endEpoch(Epoch epoch) {
          endEpoch.accept(epoch);
        }
      };
    }
  }

  /** Trains epochs {@code from} to {@code until - 1}, saving the method's checkpoint after each in {@code checkpoints}. */
  public void run(ParallelRunner runner, Checkpoints checkpoints, int from, int until, Hooks hooks) {
    for (int epoch = from; epoch < until; epoch++) {
      String phase = name + "/epoch-" + (epoch + 1);
      runner.phase(phase + hooks.phaseNote(epoch));
      double rate = lr.applyAsDouble(epoch);
      hooks.startEpoch(epoch);
      EpochStats stats = new EpochStats();
      for (int i = 0; i < data.stepsPerEpoch(); i++) {
        long global = data.globalStep(epoch, i);
        Batch train = batches == Batches.EPOCH_ORDER ? data.trainBatch(epoch, i) : data.randomTrainBatch(global);
        stats.add(hooks.step(new Step(epoch, i, global, train, rate, phase + "/step-" + (i + 1))), train);
        progress.step(epoch, i, stats.loss(), stats.accuracy());
      }
      hooks.endEpoch(new Epoch(epoch, rate, stats, progress));
      Serializable state = hooks.checkpoint(epoch + 1);
      if (state != null) {
        checkpoints.save(name, state);
      }
    }
  }
}
