package org.sparknas.core.train;

import java.util.Map;
import java.util.function.Supplier;


/**
 * The one check for a diverged search, on the two paths every training loop already goes through:
 * {@link Progress#step} (each step's running loss) and the metrics sink of the search context (each
 * epoch's loss columns, so a checkpoint saved after its row never holds weights whose validation
 * loss is already NaN).
 * <pre>{@code
 * Divergence.check(loss, () -> "darts epoch 3/50 step 7/390");
 * MetricsSink checked = Divergence.guard(sink);
 * }</pre>
 */
public final class Divergence {
  private Divergence() {}

  /** Throws {@link TrainingDivergedException} when {@code loss} is NaN or infinite; {@code where} names the step. */
  public static void check(double loss, Supplier<String> where) {
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException(where.get(), loss);
    }
  }

  /** A sink that checks every {@code *loss} column of a row, epoch or event, before {@code sink} keeps it. */
  public static MetricsSink guard(MetricsSink sink) {
    return new MetricsSink() {
      @Override
      public void record(EpochRow row) {
        checkRow(row.columns());
        sink.record(row);
      }

      @Override
      public void event(String kind, Map<String, Object> row) {
        checkRow(row);
        sink.event(kind, row);
      }
    };
  }

  private static void checkRow(Map<String, Object> row) {
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey().endsWith("loss") && e.getValue() instanceof Number loss) {
        check(loss.doubleValue(), () -> row.get("phase") + (row.containsKey("epoch") ? " epoch " + row.get("epoch")
            : "") + " " + e.getKey());
      }
    }
  }
}
