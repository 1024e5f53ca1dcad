package org.sparknas.spark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.config.ConfigException;
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
 * {@code shared/bench/darts_step.py} builds (same ops, cells, channels, optimisers, 28x28x1 random
 * inputs, 10 classes): (a) the weight step = forward, backward for the weights, clipping at 5, SGD;
 * (b) the architecture step = forward, backward for alpha only, Adam. After warm-up it reports the median
 * wall-clock and process-CPU time of each (CPU time stays meaningful on a loaded machine) and the peak
 * resident memory. With {@code --peer PATH/darts_step.py} it then runs the PyTorch peer on the same
 * network in a child process (through {@code bench/darts_peer_cpu.py}) and prints the ratios.
 */
public final class SupernetBenchmark {
  private SupernetBenchmark() {}

  /** Medians of one step kind. */
  private record Times(double wallMs, double cpuMs) {}

  public static String run(CommandLine cl) {
    SearchSpace space = BenchmarkSupport.space(cl, "darts", 5);
    int batch = cl.intOption("batch", 64);
    int threads = cl.intOption("threads", 1);
    int iters = cl.intOption("iters", 20);
    int warmup = cl.intOption("warmup", 3);
    String peer = cl.option("peer", "");
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.getEnvironment().setMaxThreads(threads);
    long[] shape = space.inputShape();
    Supernet net = Supernet.create(space, 0);
    SupernetGraph graph = net.graph(Encoding.full(space), BatchNormMode.TRAIN);
    Sgd sgd = new Sgd(0.9, false, 3e-4);
    Adam adam = new Adam(0.5, 0.999, 1e-8, 1e-3);
    SplittableRandom rng = new SplittableRandom(0);
    List<double[]> weight = new ArrayList<>();
    List<double[]> arch = new ArrayList<>();
    for (int i = 0; i < warmup + iters; i++) {
      INDArray[] train = randomBatch(batch, shape, rng);
      INDArray[] valid = randomBatch(batch, shape, rng);
      long w0 = System.nanoTime();
      long c0 = processCpuNanos();
      EngineProfile.section("weight step");
      Pass w = graph.forwardBackward(train[0], train[1], graph.weightNames());
      GradientClipping.clip(w.gradients(), 5.0);
      sgd.step(net.parameters().weights(), w.gradients(), 0.025);
      long w1 = System.nanoTime();
      long c1 = processCpuNanos();
      EngineProfile.section("architecture step");
      Pass a = graph.forwardBackward(valid[0], valid[1], graph.alphaNames());
      adam.step(net.parameters().alphas(), a.gradients(), 3e-4);
      long w2 = System.nanoTime();
      long c2 = processCpuNanos();
      if (i >= warmup) {
        weight.add(new double[] {(w1 - w0) / 1e6, (c1 - c0) / 1e6});
        arch.add(new double[] {(w2 - w1) / 1e6, (c2 - c1) / 1e6});
      } else {
        EngineProfile.reset();
      }
    }
    Times w = medians(weight);
    Times a = medians(arch);
    double rssMb = peakResidentMb();
    StringBuilder out = new StringBuilder();
    if (EngineProfile.enabled()) {
      out.append("engine time per module kind over the timed steps:\n").append(EngineProfile.report());
    }
    out.append(String.format("{\"space\": \"%s\", \"batch\": %d, \"threads\": %d, \"iters\": %d, \"weights\": %d, "
        + "\"weight_step\": {\"wall_ms\": %.1f, \"cpu_ms\": %.1f}, \"arch_step\": {\"wall_ms\": %.1f, \"cpu_ms\": %.1f}, "
        + "\"peak_rss_mb\": %.0f, \"load_average\": %.2f}%n",
        BenchmarkSupport.describe(space), batch, threads, iters, net.parameters().weights().parameterCount(),
        w.wallMs(), w.cpuMs(), a.wallMs(), a.cpuMs(), rssMb, loadAverage()));
    if (!peer.isEmpty()) {
      out.append(comparison(space, cl, peer, batch, w, a, rssMb));
    }
    out.append(String.format("weight_step_ms=%.1f arch_step_ms=%.1f", w.wallMs(), a.wallMs()));
    return out.toString();
  }

  /** Runs the peer on the same network and prints both side by side with the ratios. */
  private static String comparison(SearchSpace space, CommandLine cl, String peer, int batch, Times w, Times a,
      double rssMb) {
    if (!"darts".equals(space.name())) {
      throw new ConfigException("--peer", "the PyTorch peer builds the DARTS search network only; use --space darts");
    }
    if (!Files.isRegularFile(Path.of(peer))) {
      throw new ConfigException("--peer", "file not found: " + peer);
    }
    Path runner = Path.of(System.getProperty("sparknas.home", "."), "bench", "darts_peer_cpu.py");
    List<String> cmd = List.of("/usr/bin/python3", runner.toString(), "--peer", peer,
        "--C", String.valueOf(cl.intOption("C", 8)), "--layers", String.valueOf(cl.intOption("cells", 5)),
        "--batch", String.valueOf(batch), "--iters", String.valueOf(cl.intOption("iters", 20)),
        "--warmup", String.valueOf(cl.intOption("warmup", 3)));
    JsonNode p;
    try {
      Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String json = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (proc.waitFor() != 0 || json.isEmpty()) {
        throw new IllegalStateException("the PyTorch peer failed (" + String.join(" ", cmd) + "); it needs Debian's "
            + "python3-torch: apt-get install -y python3-torch");
      }
      p = new ObjectMapper().readTree(json.substring(json.lastIndexOf('\n') + 1));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the peer ran", e);
    }
    double pw = p.get("weight_step").get("wall_ms").asDouble();
    double pwc = p.get("weight_step").get("cpu_ms").asDouble();
    double pa = p.get("arch_step").get("wall_ms").asDouble();
    double pac = p.get("arch_step").get("cpu_ms").asDouble();
    double prss = p.get("peak_rss_mb").asDouble();
    return String.format("%n| %s, batch %d | SparkNAS | %s | ratio |%n|---|---|---|---|%n"
        + "| weight step, wall | %.0f ms | %.0f ms | %.2f |%n| weight step, CPU | %.0f ms | %.0f ms | %.2f |%n"
        + "| architecture step, wall | %.0f ms | %.0f ms | %.2f |%n| architecture step, CPU | %.0f ms | %.0f ms | %.2f |%n"
        + "| peak resident memory | %.0f MB | %.0f MB | %.2f |%n(ratio = SparkNAS / peer; load average %.2f)%n",
        BenchmarkSupport.describe(space), batch, p.get("peer").asText(), w.wallMs(), pw, w.wallMs() / pw,
        w.cpuMs(), pwc, w.cpuMs() / pwc, a.wallMs(), pa, a.wallMs() / pa, a.cpuMs(), pac, a.cpuMs() / pac,
        rssMb, prss, rssMb / prss, loadAverage());
  }

  private static Times medians(List<double[]> steps) {
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (double[] s : steps) {
      wall.add(s[0]);
      cpu.add(s[1]);
    }
    return new Times(BenchmarkSupport.median(wall), BenchmarkSupport.median(cpu));
  }

  /** CPU time of the whole process (every thread: ND4J's, the JIT's, the collector's). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Peak resident memory of this process (VmHWM), in MB; NaN where /proc is missing. */
  private static double peakResidentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
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
}
