package org.sparknas.spark.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.EngineProfile;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.Pass;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetGraph;
import org.sparknas.core.train.Adam;
import org.sparknas.core.train.GradientClipping;
import org.sparknas.core.train.Sgd;
import org.sparknas.spark.cli.CommandLine;

/**
 * {@code nas bench supernet}: times the two DARTS steps on the search supernet that
 * {@code shared/bench/darts_step.py --mode bench} builds (same ops, cells, channels, optimisers,
 * 28x28x1 random inputs, 10 classes): (a) the weight step = forward, backward for the weights,
 * clipping at 5, SGD; (b) the architecture step = forward, backward for alpha only, Adam. After
 * warm-up it reports the median of each over the timed iterations; the last line is
 * {@code weight_step_ms=<median> arch_step_ms=<median>}.
 */
public final class SupernetBenchmark {
  private SupernetBenchmark() {}

  public static String run(CommandLine cl) {
    SearchSpace space = BenchmarkSupport.space(cl, "darts", 5);
    int batch = cl.intOption("batch", 64);
    int threads = cl.intOption("threads", 1);
    int iters = cl.intOption("iters", 20);
    int warmup = cl.intOption("warmup", 3);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.getEnvironment().setMaxThreads(threads);
    long[] shape = space.inputShape();
    Supernet net = Supernet.create(space, 0);
    SupernetGraph graph = net.graph(Encoding.full(space), BatchNormMode.TRAIN);
    Sgd sgd = new Sgd(0.9, false, 3e-4);
    Adam adam = new Adam(0.5, 0.999, 1e-8, 1e-3);
    SplittableRandom rng = new SplittableRandom(0);
    List<Double> weightMs = new ArrayList<>();
    List<Double> archMs = new ArrayList<>();
    for (int i = 0; i < warmup + iters; i++) {
      INDArray[] train = randomBatch(batch, shape, rng);
      INDArray[] valid = randomBatch(batch, shape, rng);
      long t0 = System.nanoTime();
      Pass w = graph.forwardBackward(train[0], train[1], graph.weightNames());
      GradientClipping.clip(w.gradients(), 5.0);
      sgd.step(net.parameters().weights(), w.gradients(), 0.025);
      long t1 = System.nanoTime();
      Pass a = graph.forwardBackward(valid[0], valid[1], graph.alphaNames());
      adam.step(net.parameters().alphas(), a.gradients(), 3e-4);
      long t2 = System.nanoTime();
      if (i >= warmup) {
        weightMs.add((t1 - t0) / 1e6);
        archMs.add((t2 - t1) / 1e6);
      } else {
        EngineProfile.reset();
      }
    }
    String profile = EngineProfile.enabled() ? "engine time per module kind over the timed steps:\n"
        + EngineProfile.report() : "";
    return profile + String.format("{\"space\": \"%s\", \"batch\": %d, \"threads\": %d, \"iters\": %d, "
        + "\"weights\": %d, \"weight_step_ms\": %s, \"arch_step_ms\": %s}%nweight_step_ms=%.1f arch_step_ms=%.1f",
        BenchmarkSupport.describe(space), batch, threads, iters, net.parameters().weights().parameterCount(), stats(weightMs),
        stats(archMs), BenchmarkSupport.median(weightMs), BenchmarkSupport.median(archMs));
  }

  private static INDArray[] randomBatch(int batch, long[] shape, SplittableRandom rng) {
    float[] x = new float[(int) (batch * shape[0] * shape[1] * shape[2])];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, rng.nextInt(10), 1f);
    }
    return new INDArray[] {Nd4j.create(x, new long[] {batch, shape[0], shape[1], shape[2]}, 'c'), y};
  }


  private static String stats(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return String.format("{\"median\": %.1f, \"min\": %.1f, \"max\": %.1f}", BenchmarkSupport.median(v), s.get(0), s.get(s.size() - 1));
  }

}
