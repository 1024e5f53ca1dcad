package org.sparknas.core.strategy.bossnas;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Initializer;
import org.sparknas.core.network.Network;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.BufferPool;
import org.sparknas.core.nn.CompiledNetwork;
import org.sparknas.core.nn.EdgeWeighting;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseSpace;
import org.sparknas.core.train.Checkpoints;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * One thread's engine for BossNAS passes: its own copies of the online and target parameters, loaded
 * from the values it is sent, and the compiled networks of the candidates it has run, all drawing
 * activations from one buffer pool. Compiled networks are not thread-safe and Spark runs several tasks
 * of an executor at once, so every thread keeps its own engine ({@link #forThread}). Training passes
 * normalise with batch statistics (running statistics play no part in training: the rating
 * recalibrates them per candidate).
 */
final class SiameseEngine {
  private static final int NETWORKS = 24;
  private static final ThreadLocal<SiameseEngine> ENGINES = new ThreadLocal<>();

  private final ByteBuffer key;
  private final BlockwiseSpace space;
  private final BossnasSettings settings;
  private SupernetParameters online;
  private SupernetParameters target;
  private final BufferPool pool = new BufferPool();
  private final Map<String, INDArray> gradients = new HashMap<>();
  private final Map<List<Object>, CompiledNetwork> networks = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Object>, CompiledNetwork> eldest) {
      return size() > NETWORKS;
    }
  };

  private SiameseEngine(ByteBuffer key, BlockwiseSpace space, BossnasSettings settings) {
    this.key = key;
    this.space = space;
    this.settings = settings;
  }

  /**
   * The calling thread's engine for this space and settings, its parameters set to the values of
   * {@code online} and {@code target} (copied in, so the caller's arrays are never touched).
   */
  static SiameseEngine forThread(BlockwiseSpace space, BossnasSettings settings, SupernetParameters online,
      SupernetParameters target) {
    ByteBuffer key = ByteBuffer.wrap(Checkpoints.serialize(new Object[] {space, settings}));
    SiameseEngine e = ENGINES.get();
    if (e == null || !e.key.equals(key)) {
      e = new SiameseEngine(key, space, settings);
      ENGINES.set(e);
    }
    e.load(online, target);
    return e;
  }

  private void load(SupernetParameters on, SupernetParameters tg) {
    if (online == null || !covers(online, on) || !covers(target, tg)) {
      online = on.copy();
      target = tg.copy();
      networks.clear();
      gradients.clear();
      return;
    }
    online.weights().assign(on.weights());
    online.bnStats().assign(on.bnStats());
    target.weights().assign(tg.weights());
    target.bnStats().assign(tg.bnStats());
  }

  private static boolean covers(SupernetParameters have, SupernetParameters sent) {
    return have.weights().names().equals(sent.weights().names())
        && have.bnStats().names().equals(sent.bnStats().names());
  }

  /**
   * Creates the weights and statistics a candidate's online and target networks need and do not have
   * yet: online ones from the deterministic initialiser, target ones as copies of the online values (the
   * target starts as the online network, as BYOL's does).
   */
  static void ensure(BlockwiseSpace space, BossnasSettings s, SupernetParameters online, SupernetParameters target,
      List<BlockPath> chosen, BlockPath path) {
    Initializer init = new Initializer(online.seed());
    Network prediction = BlockNetworks.prediction(space, chosen, path, s);
    prediction.weights().forEach((n, spec) -> {
      if (!online.weights().contains(n)) {
        online.weights().put(n, spec.create(init));
      }
    });
    prediction.statistics().forEach((n, spec) -> {
      if (!online.bnStats().contains(n)) {
        online.bnStats().put(n, spec.create(init));
      }
    });
    Network projection = BlockNetworks.projection(space, chosen, path, s);
    projection.weights().keySet().forEach(n -> {
      if (!target.weights().contains(n)) {
        target.weights().put(n, online.weights().get(n).dup());
      }
    });
    projection.statistics().forEach((n, spec) -> {
      if (!target.bnStats().contains(n)) {
        target.bnStats().put(n, spec.create(init));
      }
    });
  }

  private CompiledNetwork network(List<BlockPath> chosen, BlockPath path, boolean isOnline, BatchNormMode mode) {
    return networks.computeIfAbsent(List.of(chosen, path, isOnline, mode), k -> {
      SupernetParameters p = isOnline ? online : target;
      Network n = isOnline ? BlockNetworks.prediction(space, chosen, path, settings)
          : BlockNetworks.projection(space, chosen, path, settings);
      return new CompiledNetwork(n, p.weights().asMap(), p.bnStats().asMap(), mode, EdgeWeighting.SOFTMAX, pool,
          gradients);
    });
  }

  /** The target projection of {@code x} ({@code [N, D]}, not normalised), batch statistics. */
  INDArray targetProjection(List<BlockPath> chosen, BlockPath path, INDArray x) {
    return network(chosen, path, false, BatchNormMode.BATCH).forward(x, Map.of(), null, false, 0).dup();
  }

  /**
   * Both views' online predictions regress the other view's target ensemble (B.3 step 5): the path
   * loss {@code l(p1, zbar2) + l(p2, zbar1)} and the sum of the two passes' gradients of the weights
   * not in {@code frozen} (each view a pass of its own, with its own batch statistics).
   *
   * @param frozen name prefixes of weights that take no gradient
   */
  PathGradients onlineGradients(List<BlockPath> chosen, BlockPath path, INDArray view1, INDArray view2,
      ProjectionPair zbar, List<String> frozen) {
    CompiledNetwork net = network(chosen, path, true, BatchNormMode.BATCH);
    Set<String> wrt = new HashSet<>();
    for (String n : net.network().weights().keySet()) {
      if (frozen.stream().noneMatch(n::startsWith)) {
        wrt.add(n);
      }
    }
    HashMap<String, INDArray> sum = new HashMap<>();
    double loss = 0;
    INDArray[] views = {view1, view2};
    INDArray[] targets = {zbar.view2(), zbar.view1()};
    for (int v = 0; v < 2; v++) {
      INDArray p = net.forward(views[v], Map.of(), null, true, 0).dup();
      loss += BootstrapLoss.loss(p, targets[v]);
      CompiledNetwork.Gradients g = net.backward(BootstrapLoss.gradient(p, targets[v]), wrt, Set.of());
      g.weights().forEach((n, grad) -> sum.merge(n, grad.dup(), INDArray::addi));
    }
    return new PathGradients(loss, sum);
  }

  /**
   * Batch-norm recalibration of a candidate's online or target network (B.5): its running statistics
   * become the mean of the two views' batch statistics on one fixed batch (momentum 1, then 1/2: a
   * cumulative average).
   */
  void recalibrate(List<BlockPath> chosen, BlockPath path, boolean isOnline, INDArray view1, INDArray view2) {
    CompiledNetwork net = network(chosen, path, isOnline, BatchNormMode.TRAIN);
    net.forward(view1, Map.of(), null, false, 1.0);
    net.forward(view2, Map.of(), null, false, 0.5);
  }

  /** Rating forward with running statistics: the target projection, or the online prediction. */
  INDArray evaluate(List<BlockPath> chosen, BlockPath path, boolean isOnline, INDArray x) {
    return network(chosen, path, isOnline, BatchNormMode.RUNNING).forward(x, Map.of(), null, false, 0).dup();
  }
}
