package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknas.core.network.Layer;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.TinySpace;

/**
 * Batch-norm running statistics through a supernet: on the all-skip path of {@link TinySpace} the only
 * batch norm normalises the input, so everything can be computed by hand.
 */
class RunningStatisticsTest {
  private static final String MEAN = "in/bn/running_mean";
  private static final String VAR = "in/bn/running_var";
  private static final Encoding SKIP = TinySpace.path(TinySpace.SKIP, TinySpace.SKIP);

  private Supernet net;
  private INDArray labels;

  @BeforeEach
  void setUp() {
    net = new Supernet(new TinySpace(), SupernetParameters.empty(9));
    labels = TinySpace.oneHot(0, 1, 2, 1);
  }

  private static INDArray batch(long seed) {
    return GradCheck.uniform(DataType.FLOAT, seed, 4, 2, 4, 4).muli(2).addi(0.5);
  }

  /** Per-channel mean and biased variance over (N, H, W). */
  private static double[][] stats(INDArray x) {
    double[][] r = new double[2][2];
    for (int c = 0; c < 2; c++) {
      double[] v = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
          .dup().castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
      double mean = 0;
      for (double d : v) {
        mean += d / v.length;
      }
      double var = 0;
      for (double d : v) {
        var += (d - mean) * (d - mean) / v.length;
      }
      r[0][c] = mean;
      r[1][c] = var;
    }
    return r;
  }

  /** Logits of the skip path: mean_hw((x - mean) / sqrt(var + eps)) W + b. */
  private double[][] logits(INDArray x, double[] mean, double[] var) {
    INDArray w = net.parameters().weights().get("head/fc/w");
    INDArray b = net.parameters().weights().get("head/fc/b");
    double[][] out = new double[(int) x.size(0)][3];
    for (int n = 0; n < x.size(0); n++) {
      for (int k = 0; k < 3; k++) {
        double s = b.getDouble(k);
        for (int c = 0; c < 2; c++) {
          double avg = 0;
          for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
              avg += (x.getDouble(n, c, i, j) - mean[c]) / Math.sqrt(var[c] + Layer.BatchNorm.EPS) / 16;
            }
          }
          s += avg * w.getDouble(c, k);
        }
        out[n][k] = s;
      }
    }
    return out;
  }

  private static void assertMatrix(double[][] expected, INDArray actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual.getDouble(i, j), 1e-5, what + " [" + i + "," + j + "]");
      }
    }
  }

  @Test
  @DisplayName("a TRAIN pass moves running mean and variance 10% of the way to the batch statistics")
  void trainPassUpdatesWithMomentum() {
    var train = net.graph(SKIP, BatchNormMode.TRAIN);
    INDArray a = batch(1);
    INDArray b = batch(2);
    train.forwardBackward(a, labels, train.weightNames());
    double[][] sa = stats(a);
    double[] mean = {0.1 * sa[0][0], 0.1 * sa[0][1]};
    double[] var = {0.9 + 0.1 * sa[1][0], 0.9 + 0.1 * sa[1][1]};
    assertArrayEquals(mean, net.parameters().bnStats().get(MEAN).toDoubleVector(), 1e-6, "mean after 1 pass");
    assertArrayEquals(var, net.parameters().bnStats().get(VAR).toDoubleVector(), 1e-6, "var after 1 pass");

    train.forwardBackward(b, labels, List.of()); // a forward-only pass updates them as well
    double[][] sb = stats(b);
    for (int c = 0; c < 2; c++) {
      mean[c] = 0.9 * mean[c] + 0.1 * sb[0][c];
      var[c] = 0.9 * var[c] + 0.1 * sb[1][c];
    }
    assertArrayEquals(mean, net.parameters().bnStats().get(MEAN).toDoubleVector(), 1e-6, "mean after 2 passes");
    assertArrayEquals(var, net.parameters().bnStats().get(VAR).toDoubleVector(), 1e-6, "var after 2 passes");
  }

  @Test
  @DisplayName("a RUNNING graph normalises with the running statistics and does not change them")
  void runningGraphUsesRunningStatistics() {
    var train = net.graph(SKIP, BatchNormMode.TRAIN);
    train.forwardBackward(batch(3), labels, List.of());
    var eval = net.graph(SKIP, BatchNormMode.RUNNING);
    INDArray x = batch(4);
    double[] mean = net.parameters().bnStats().get(MEAN).toDoubleVector();
    double[] var = net.parameters().bnStats().get(VAR).toDoubleVector();
    assertMatrix(logits(x, mean, var), eval.logits(x), "running-mode logits");

    // the graph reads the current arrays: an in-place change of the statistics shows at once
    net.parameters().bnStats().get(MEAN).assign(GradCheck.uniform(DataType.FLOAT, 5, 2));
    net.parameters().bnStats().get(VAR).assign(GradCheck.uniform(DataType.FLOAT, 6, 2).addi(2));
    mean = net.parameters().bnStats().get(MEAN).toDoubleVector();
    var = net.parameters().bnStats().get(VAR).toDoubleVector();
    assertMatrix(logits(x, mean, var), eval.forwardBackward(x, labels, eval.weightNames()).logits(),
        "running-mode logits after changing the statistics");
    assertArrayEquals(mean, net.parameters().bnStats().get(MEAN).toDoubleVector(), 0, "RUNNING pass changed the mean");
    assertArrayEquals(var, net.parameters().bnStats().get(VAR).toDoubleVector(), 0, "RUNNING pass changed the var");
  }

  @Test
  @DisplayName("a BATCH graph normalises with the batch statistics, ignores and keeps the running ones")
  void batchGraphIgnoresRunningStatistics() {
    net.graph(SKIP, BatchNormMode.TRAIN); // creates the statistics
    net.parameters().bnStats().get(MEAN).assign(GradCheck.uniform(DataType.FLOAT, 7, 2).muli(5));
    net.parameters().bnStats().get(VAR).assign(GradCheck.uniform(DataType.FLOAT, 8, 2).addi(4));
    double[] mean = net.parameters().bnStats().get(MEAN).toDoubleVector();
    double[] var = net.parameters().bnStats().get(VAR).toDoubleVector();
    var graph = net.graph(SKIP, BatchNormMode.BATCH);
    INDArray x = batch(9);
    double[][] s = stats(x);
    assertMatrix(logits(x, s[0], s[1]), graph.forwardBackward(x, labels, graph.weightNames()).logits(),
        "batch-mode logits");
    assertArrayEquals(mean, net.parameters().bnStats().get(MEAN).toDoubleVector(), 0, "BATCH pass changed the mean");
    assertArrayEquals(var, net.parameters().bnStats().get(VAR).toDoubleVector(), 0, "BATCH pass changed the var");
  }
}
