package org.sparknas.spaces;

import java.util.Arrays;
import java.util.List;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.model.ModelFactory;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.spaces.darts.DartsModel;
import org.sparknas.spaces.darts.DartsSpace;
import org.sparknas.spaces.nb201.Nb201Model;
import org.sparknas.spaces.hytra.HytraSettings;
import org.sparknas.spaces.hytra.HytraSpace;
import org.sparknas.spaces.mbconv.MbconvSettings;
import org.sparknas.spaces.mbconv.MbconvSpace;
import org.sparknas.spaces.natssize.NatsSizeSpace;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * The search spaces by config name.
 * <pre>{@code
 * SearchSpace space = Spaces.create(SpaceSettings.from(settings), new long[] {1, 28, 28}, 10);
 * }</pre>
 */
public final class Spaces {
  public static final List<String> NAMES = List.of(Nb201Space.NAME, DartsSpace.NAME, HytraSpace.NAME, MbconvSpace.NAME,
      NatsSizeSpace.NAME);

  private Spaces() {}

  /** The space for data of shape {@code [channels, height, width]} with {@code classes} classes. */
  public static SearchSpace create(SpaceSettings s, long[] inputShape, int classes) {
    return switch (s.name()) {
      case Nb201Space.NAME -> new Nb201Space(s.channels(), s.cells(), s.stages(), s.stemStride(), inputShape, classes);
      case DartsSpace.NAME -> new DartsSpace(s.channels(), s.cells(), s.withNone(), s.stemStride(), inputShape, classes);
      case HytraSpace.NAME -> {
        HytraSettings h = s.hytra();
        yield new HytraSpace(new HytraSettings(squareSize(inputShape), h.stemStride(), h.widthMultiplier(), h.headDim(),
            h.layers()), inputShape, classes);
      }
      case MbconvSpace.NAME -> {
        MbconvSettings m = s.mbconv();
        yield new MbconvSpace(new MbconvSettings(squareSize(inputShape), m.stemStride(), m.widthMultiplier(),
            m.layers()), inputShape, classes);
      }
      case NatsSizeSpace.NAME -> new NatsSizeSpace(s.natsSize(), inputShape, classes);
      default -> throw new ConfigException("nas.space.name", "unknown space '" + s.name() + "', expected one of " + NAMES);
    };
  }

  /** The DL4J network builder of a space's architectures, in that space's macro skeleton. */
  public static ModelFactory model(SearchSpace space) {
    if (space instanceof Nb201Space nb201) {
      return new Nb201Model(nb201);
    }
    if (space instanceof DartsSpace darts) {
      return new DartsModel(darts);
    }
    throw new ConfigException("nas.space.name", "space '" + space.name() + "' has no DL4J model yet; retrain supports "
        + Nb201Space.NAME + " and " + DartsSpace.NAME);
  }

  private static int squareSize(long[] inputShape) {
    if (inputShape.length != 3 || inputShape[1] != inputShape[2]) {
      throw new ConfigException("nas.data", "the block-wise spaces need square images [channels, size, size], got "
          + Arrays.toString(inputShape));
    }
    return (int) inputShape[1];
  }
}
