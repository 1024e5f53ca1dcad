package org.sparknas.core.strategy;

import java.util.function.Function;
import java.util.function.Supplier;

import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Optimizer;
import org.sparknas.core.train.TrainSettings;

/**
 * Where an epoch-based supernet search starts: from its last checkpoint (the saved parameters, SGD
 * state and epoch) or, with none, from scratch (fresh parameters, a new SGD, epoch 0).
 * <pre>{@code
 * SearchStart<DartsCheckpoint> start = SearchStart.load(ctx, "darts");
 * Optimizer adam = start.restore(DartsCheckpoint::adam, settings::architectureOptimizer);
 * for (int epoch = start.firstEpoch(); epoch < ctx.train().epochs(); epoch++) { ... }
 * }</pre>
 */
public final class SearchStart<C extends EpochCheckpoint> {
  private final C saved; // null: no checkpoint, the search starts from scratch
  private final Supernet net;
  private final Optimizer sgd;

  private SearchStart(C saved, Supernet net, Optimizer sgd) {
    this.saved = saved;
    this.net = net;
    this.sgd = sgd;
  }

  /** From the checkpoint {@code name}, or from scratch with the default initial parameters of the seed. */
  public static <C extends EpochCheckpoint> SearchStart<C> load(SearchContext ctx, String name) {
    return load(ctx, name, () -> SupernetParameters.empty(ctx.seed()));
  }

  /** From the checkpoint {@code name}, or from scratch with the parameters {@code fresh} makes. */
  public static <C extends EpochCheckpoint> SearchStart<C> load(SearchContext ctx, String name,
      Supplier<SupernetParameters> fresh) {
    C saved = ctx.checkpoints().<C>load(name).orElse(null);
    TrainSettings t = ctx.train();
    Supernet net = new Supernet(ctx.space(), saved == null ? fresh.get() : saved.parameters());
    Optimizer sgd = saved == null ? t.newSgd() : saved.sgd();
    return new SearchStart<>(saved, net, sgd);
  }

  public Supernet net() {
    return net;
  }

  /** The weight optimiser: the checkpoint's, or a fresh SGD of {@code nas.train}. */
  public Optimizer sgd() {
    return sgd;
  }

  /** The first epoch (0-based) still to run. */
  public int firstEpoch() {
    return saved == null ? 0 : saved.epochsDone();
  }

  /** Further state of the method (an optimiser, a buffer): the checkpoint's, or {@code fresh} from scratch. */
  public <T> T restore(Function<? super C, T> fromCheckpoint, Supplier<T> fresh) {
    return saved == null ? fresh.get() : fromCheckpoint.apply(saved);
  }
}
