package org.sparknas.core.strategy.sddarts;

import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.Settings;
import org.sparknas.core.strategy.darts.DartsSettings;

/**
 * The {@code nas.sddarts} block (every knob the spec marks unverified) plus the {@code nas.darts}
 * block, whose architecture step (order, Adam) SD-DARTS shares, so a comparison runs both methods with
 * the same one.
 *
 * @param teachers K, the snapshots in the FIFO of voting teachers
 * @param teacherLag the fewest weight updates the newest teacher is behind the student (at least 1)
 * @param epochSnapshots snapshot at the end of every {@code snapshotEvery}-th epoch instead of before
 *     every {@code snapshotEvery}-th weight step
 * @param lambda weight of the distillation term (times {@code tau^2})
 * @param linearRamp lambda grows linearly over the epochs, {@code lambda (e + 1) / E}, instead of staying constant
 * @param distillArchitecture also distil on the architecture step (on the validation batch; first order only)
 */
public record SddartsSettings(int teachers, int teacherLag, boolean epochSnapshots, int snapshotEvery, Vote vote, double voteSmoothing,
    double temperature, double lambda, boolean linearRamp, boolean distillArchitecture, DartsSettings darts) {

  public static SddartsSettings from(Settings s) {
    DartsSettings darts = DartsSettings.from(s);
    SddartsSettings r = new SddartsSettings(
        s.intIn("nas.sddarts.teachers", 1, 64),
        s.intIn("nas.sddarts.teacher-lag", 1, 1_000_000),
        s.oneOf("nas.sddarts.snapshot", List.of("step", "epoch")).equals("epoch"),
        s.intIn("nas.sddarts.snapshot-every", 1, 1_000_000),
        Vote.of(s.oneOf("nas.sddarts.vote", Vote.configNames())),
        s.doubleIn("nas.sddarts.vote-smoothing", 0, 0.999),
        s.doubleIn("nas.sddarts.temperature", 1e-3, 1e3),
        s.doubleIn("nas.sddarts.lambda", 0, 1e3),
        s.oneOf("nas.sddarts.ramp", List.of("none", "linear")).equals("linear"),
        s.bool("nas.sddarts.distill-arch"),
        darts);
    if (r.distillArchitecture() && darts.order() == 2) {
      throw new ConfigException("nas.sddarts.distill-arch",
          "distilling on the architecture step is first order only; set nas.darts.order = 1 or distill-arch = false");
    }
    return r;
  }

  /** lambda at epoch {@code epoch} (0-based) of {@code epochs}. */
  public double lambdaAt(int epoch, int epochs) {
    return linearRamp ? lambda * (epoch + 1) / epochs : lambda;
  }

  /** Whether a snapshot is taken before the update of global weight step {@code step} (0-based). */
  public boolean snapshotAtStep(long step) {
    return !epochSnapshots && step % snapshotEvery == 0;
  }

  /** Whether a snapshot is taken after epoch {@code epoch} (0-based). */
  public boolean snapshotAfterEpoch(int epoch) {
    return epochSnapshots && (epoch + 1) % snapshotEvery == 0;
  }
}
