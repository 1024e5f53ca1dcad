package org.sparknas.spark.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Space;
import org.sparknas.spark.cli.CommandLine;

/** What the benchmark commands share: the space of {@code --space/--C/--cells/--stages}, and medians. */
final class BenchmarkSupport {
  /** Benchmarks run on 28x28 single-channel images with 10 classes, as the PyTorch peer does. */
  private static final long[] SHAPE = {1, 28, 28};

  private BenchmarkSupport() {}

  static SearchSpace space(CommandLine cl, String defaultSpace, int defaultCells) {
    String name = cl.option("space", defaultSpace);
    int c = cl.intOption("C", 8);
    int cells = cl.intOption("cells", defaultCells);
    return switch (name) {
      case "darts" -> new DartsSpace(c, cells, true, SHAPE, 10);
      case "nb201" -> new Nb201Space(c, cells, cl.intOption("stages", 3), SHAPE, 10);
      default -> throw new ConfigException("--space", "unknown space '" + name + "', expected darts or nb201");
    };
  }

  /** The space's size for reports: name, C, cells (per stage, and stages, for nb201). */
  static String describe(SearchSpace space) {
    if (space instanceof Nb201Space s) {
      return String.format("nb201 C=%d cells=%d stages=%d", s.channels(), s.cellsPerStage(), s.stages());
    }
    if (space instanceof DartsSpace s) {
      return String.format("darts C=%d cells=%d", s.channels(), s.cells());
    }
    return space.name();
  }

  /** The median; NaN for no values. */
  static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int k = s.size();
    return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
  }
}
