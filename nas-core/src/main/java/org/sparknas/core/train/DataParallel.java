package org.sparknas.core.train;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchRecipe;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.ParallelRunner;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * Data-parallel passes: a batch is cut into a fixed number of shards (a setting, never the number of
 * executors), each shard's loss, logits and gradients are computed as one work item of the runner, and
 * the results are combined on the driver in shard order, weighted by shard size. The shard count alone
 * decides the numbers, so {@code local[1]}, {@code local[2]} and a cluster agree exactly. Batch norm
 * uses each shard's statistics (as data-parallel PyTorch without SyncBN); in a TRAIN pass the driver's
 * running statistics become the mean of the shards' updated ones, which equals one update with the
 * mean of the shards' batch statistics. A shard of a search batch travels as its {@link BatchRecipe}
 * (indices and step) and is made on the executor from the executor's own copy of the data; other
 * batches travel as pixels.
 * <pre>{@code
 * Pass p = DataParallel.pass(runner, "darts/epoch-3/weights", net, encoding, BatchNormMode.TRAIN, batch, 2, names);
 * }</pre>
 */
public final class DataParallel {
  private DataParallel() {}

  /** What every shard task needs, sent once per pass. */
  public record Work(SearchSpace space, SupernetParameters parameters, Encoding encoding, BatchNormMode mode,
      ArrayList<String> wrt) implements Serializable {}

  /** What one shard task gets: the recipe of its rows when the data can be loaded there, else its pixels. */
  public record Shard(BatchRecipe recipe, Batch pixels) implements Serializable {
    Batch batch() {
      return recipe != null ? recipe.make() : pixels;
    }
  }

  /** One shard's contribution. */
  public record ShardResult(double loss, INDArray logits, HashMap<String, INDArray> gradients,
      ParameterSet bnStats) implements Serializable {}

  /**
   * Executors keep a supernet (and its built graph) per thread for the last few (space, encoding,
   * mode), refreshed from the broadcast values each pass; the space enters by its serialised form
   * because every step's broadcast deserialises a new, equal space object. A supernet that leaves the
   * cache gives its activation memory back at once rather than when a collection finds its handle.
   */
  private static final ThreadLocal<Map<List<Object>, Supernet>> SUPERNETS =
      ThreadLocal.withInitial(() -> new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Supernet> eldest) {
          if (size() <= 2) {
            return false;
          }
          eldest.getValue().clearGraphs();
          return true;
        }
      });

  public static Pass pass(ParallelRunner runner, String description, Supernet net, Encoding encoding,
      BatchNormMode mode, Batch batch, int shards, List<String> wrt) {
    Work work = new Work(net.space(), net.parameters(), encoding, mode, new ArrayList<>(wrt));
    List<ShardResult> results = runner.map(description, work, split(batch, shards), DataParallel::compute);
    double loss = 0;
    Map<String, INDArray> gradients = new LinkedHashMap<>();
    List<INDArray> logits = new ArrayList<>();
    for (int s = 0; s < results.size(); s++) {
      ShardResult r = results.get(s);
      double weight = r.logits().rows() / (double) batch.size();
      loss += weight * r.loss();
      logits.add(r.logits());
      for (String n : wrt) {
        INDArray g = r.gradients().get(n);
        if (g != null) {
          gradients.merge(n, g.mul(weight), INDArray::addi);
        }
      }
    }
    if (mode == BatchNormMode.TRAIN) {
      averageInto(net.parameters().bnStats(), results);
    }
    return new Pass(loss, Nd4j.vstack(logits.toArray(new INDArray[0])), gradients);
  }

  /** The work function of one shard: set the executor's supernet to the broadcast values, run the pass. */
  static ShardResult compute(Work w, Shard item) {
    Batch shard = item.batch();
    List<Object> key = List.of(ByteBuffer.wrap(Checkpoints.serialize(w.space())), w.encoding(), w.mode());
    Supernet net = SUPERNETS.get().get(key);
    if (net == null || !covers(net.parameters(), w.parameters())) {
      // a path's supernet copied before the driver created other paths' weights cannot take them in
      if (net != null) {
        net.clearGraphs();
      }
      net = new Supernet(w.space(), w.parameters().copy());
      SUPERNETS.get().put(key, net);
    }
    net.parameters().assign(w.parameters());
    Pass p = net.graph(w.encoding(), w.mode()).forwardBackward(shard.features(), shard.labels(), w.wrt());
    return new ShardResult(p.loss(), p.logits(), new HashMap<>(p.gradients()), net.parameters().bnStats().copy());
  }

  private static boolean covers(SupernetParameters have, SupernetParameters sent) {
    return have.weights().names().containsAll(sent.weights().names())
        && have.alphas().names().containsAll(sent.alphas().names())
        && have.bnStats().names().containsAll(sent.bnStats().names());
  }

  /** Consecutive, near-equal shards of a batch, in order. */
  static ArrayList<Shard> split(Batch batch, int shards) {
    int n = batch.size();
    if (shards < 1 || shards > n) {
      throw new IllegalArgumentException("cannot cut a batch of " + n + " into " + shards + " shards");
    }
    boolean byRecipe = batch.recipe() != null && batch.recipe().source().settings() != null;
    ArrayList<Shard> out = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      int from = (int) ((long) n * s / shards);
      int to = (int) ((long) n * (s + 1) / shards);
      if (byRecipe) {
        out.add(new Shard(batch.recipe().slice(from, to), null));
        continue;
      }
      int[] classes = java.util.Arrays.copyOfRange(batch.classes(), from, to);
      out.add(new Shard(null, new Batch(batch.features().get(NDArrayIndex.interval(from, to)).dup(),
          batch.labels().get(NDArrayIndex.interval(from, to)).dup(), classes)));
    }
    return out;
  }

  private static void averageInto(ParameterSet target, List<ShardResult> results) {
    for (String name : target.names()) {
      INDArray sum = null;
      for (ShardResult r : results) {
        if (r.bnStats().contains(name)) {
          sum = sum == null ? r.bnStats().get(name).dup() : sum.addi(r.bnStats().get(name));
        }
      }
      if (sum != null) {
        target.get(name).assign(sum.divi(results.size()));
      }
    }
  }
}
