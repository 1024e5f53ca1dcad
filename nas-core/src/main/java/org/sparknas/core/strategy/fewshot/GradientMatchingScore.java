package org.sparknas.core.strategy.fewshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.data.BatchSampler;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.runtime.Seeds;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.train.Checkpoints;

/**
 * One repeat of the gradient-matching score of one edge (specs/algorithms.md A.3, A.10), as a work
 * item: draw a random train batch, and for each allowed op i of the edge compute the gradient g_i of
 * the cross-entropy loss with respect to the space's shared weights, in a batch-norm TRAIN graph of
 * the child whose edge uses op i alone (weight 1); return the K x K distance matrix. The parent's
 * parameters, encoding and training images are the shared state, sent once per edge.
 * <pre>{@code
 * GradientMatchingScore.Work w = GradientMatchingScore.work(net, encoding, ctx.data(), 48, GradientDistance.COS);
 * List<double[][]> d = runner.map("fewshot/split-1/subnet-0/gm/edge-3", w, items, GradientMatchingScore::distances);
 * }</pre>
 */
public final class GradientMatchingScore {
  private GradientMatchingScore() {}

  /**
   * The shared state of one split: the parent supernet's space, parameters and encoding, the train
   * half and how to batch it, and {@code fingerprint}, a digest of space, encoding and parameters that
   * keys the executors' graph cache.
   */
  public record Work(SearchSpace space, SupernetParameters parameters, Encoding encoding, DataSource data,
      int batchSize, GradientDistance distance, String fingerprint) implements Serializable {}

  /** Repeat {@code repeat} of edge {@code edge} of alpha group {@code group}; {@code seed} draws its batch. */
  public record Item(String group, int edge, int repeat, long seed) implements Serializable {}

  /** The K children's graphs of one edge, over a private copy of the parent's parameters. */
  private record EdgeGraphs(String fingerprint, String group, int edge, Supernet net, List<SupernetGraph> graphs,
      List<List<String>> shared, Map<String, Long> offsets, int length) {}

  /**
   * Each executor thread keeps the graphs of the edge it scored last: an edge's R items then build the
   * K graphs once per thread, not once per item. Per thread because compiled networks are not
   * thread-safe and local[N] or a multi-core executor runs tasks of one JVM concurrently; keyed by the
   * content fingerprint, not the broadcast object, because a reused task thread sees a new deserialised
   * copy for every edge and a stale entry from an earlier split must never be taken for this one. The
   * copy's batch-norm running statistics move with every TRAIN pass, but a TRAIN graph never reads them,
   * so every item computes with exactly the broadcast values. Memory stays bounded: one edge's K graphs
   * (and one parameter copy) per thread, held until that thread scores another edge or the split ends
   * ({@link #releaseGraphs}). Keyed by thread id rather than a ThreadLocal so that the end of a split can
   * drop every thread's graphs: the sub-supernets that train next need that memory.
   */
  private static final Map<Long, EdgeGraphs> GRAPHS = new ConcurrentHashMap<>();

  /** Drops the graphs every thread of this JVM keeps (the end of a split), and their pooled memory. */
  public static void releaseGraphs() {
    GRAPHS.values().forEach(eg -> eg.net().clearGraphs());
    GRAPHS.clear();
  }

  /** The shared state for scoring edges of {@code parent} under {@code encoding} with data {@code data}. */
  public static Work work(Supernet parent, Encoding encoding, DataSource data, int batchSize, GradientDistance distance) {
    SupernetParameters p = parent.parameters();
    return new Work(parent.space(), p, encoding, data, batchSize, distance, fingerprint(parent.space(), encoding, p));
  }

  /** The work function: the K x K distance matrix of one repeat (rows in ascending allowed-op order). */
  public static double[][] distances(Work w, Item item) {
    return w.distance().fromGram(gram(w, item));
  }

  /** The Gram matrix {@code <g_i, g_j>} of one repeat, in double precision over the shared weights. */
  static double[][] gram(Work w, Item item) {
    EdgeGraphs eg = graphs(w, item.group(), item.edge());
    Batch batch = batch(w, item.seed());
    int k = eg.graphs().size();
    float[][] g = new float[k][];
    for (int i = 0; i < k; i++) {
      Pass pass = eg.graphs().get(i).forwardBackward(batch.features(), batch.labels(), eg.shared().get(i));
      g[i] = flatten(pass.gradients(), eg.offsets(), eg.length());
    }
    double[][] gram = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        double s = 0;
        for (int n = 0; n < eg.length(); n++) {
          s += (double) g[i][n] * g[j][n];
        }
        gram[i][j] = s;
        gram[j][i] = s;
      }
    }
    return gram;
  }

  /** The batch of one item: {@code batchSize} distinct train images and their augmentation, from the item's seed. */
  static Batch batch(Work w, long seed) {
    ImageDataset train = w.data().search().train();
    BatchSampler sampler = new BatchSampler(train.size(), w.batchSize(), Seeds.seed(seed, "gm/batch"));
    BatchMaker maker = new BatchMaker(train, w.data().normalization(), w.data().augmentation(),
        Seeds.seed(seed, "gm/augment"));
    return maker.make(sampler.randomBatch(0), 0);
  }

  /**
   * All children's gradients laid out over the union of their shared weights (sorted by name); a
   * weight a child's loss does not reach (a node only the split edge fed, under {@code none}) counts as
   * a zero gradient, as PyTorch's {@code Zero} op gives it.
   */
  private static float[] flatten(Map<String, INDArray> grads, Map<String, Long> offsets, int length) {
    float[] flat = new float[length];
    grads.forEach((name, g) -> {
      float[] v = g.ravel().toFloatVector();
      System.arraycopy(v, 0, flat, Math.toIntExact(offsets.get(name)), v.length);
    });
    return flat;
  }

  private static EdgeGraphs graphs(Work w, String group, int edge) {
    long thread = Thread.currentThread().getId();
    EdgeGraphs cached = GRAPHS.get(thread);
    if (cached != null && cached.fingerprint().equals(w.fingerprint()) && cached.group().equals(group)
        && cached.edge() == edge) {
      return cached;
    }
    EdgeGraphs previous = GRAPHS.remove(thread);
    if (previous != null) {
      previous.net().clearGraphs();
    }
    Supernet net = new Supernet(w.space(), w.parameters().copy());
    List<SupernetGraph> graphs = new ArrayList<>();
    List<List<String>> shared = new ArrayList<>();
    TreeSet<String> union = new TreeSet<>();
    for (int op : w.encoding().allowedOps(group, edge)) {
      boolean[] only = new boolean[w.encoding().opCount(group)];
      only[op] = true;
      // the supernet keeps only a few graphs itself; this list holds all K
      SupernetGraph graph = net.graph(w.encoding().withRow(group, edge, only), BatchNormMode.TRAIN);
      List<String> names = graph.weightNames().stream()
          .filter(n -> w.space().sharedForSplit(n, group, edge)).toList();
      graphs.add(graph);
      shared.add(names);
      union.addAll(names);
    }
    Map<String, Long> offsets = new LinkedHashMap<>();
    long length = 0;
    for (String n : union) {
      offsets.put(n, length);
      length += net.parameters().weights().get(n).length();
    }
    EdgeGraphs built = new EdgeGraphs(w.fingerprint(), group, edge, net, List.copyOf(graphs), List.copyOf(shared),
        offsets, Math.toIntExact(length));
    GRAPHS.put(thread, built);
    return built;
  }

  /** SHA-256 of the serialised space, the encoding and every parameter array (names and values). */
  static String fingerprint(SearchSpace space, Encoding encoding, SupernetParameters p) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
        out.write(Checkpoints.serialize(space));
        out.write(encoding.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.weights().write(out);
        p.alphas().write(out);
        p.bnStats().write(out);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
