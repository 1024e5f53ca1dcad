package org.sparknas.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.Supernet;
import org.sparknas.core.supernet.SupernetParameters;
import org.sparknas.core.supernet.TinySpace;

/**
 * The derived path's batch-norm recalibration on {@link TinySpace}'s all-skip path, whose only batch
 * norm normalises the input itself: its recalibrated statistics are the plain average of the batches'
 * per-channel means and variances, computed here by hand.
 */
class DiscretisationGapTest {
  private final TinySpace space = new TinySpace();

  private record Path(Encoding encoding) implements Architecture {
    @Override
    public String canonical() {
      return "skip,skip";
    }
  }

  /** Per-channel mean and biased variance of NCHW images, averaged over the batches. */
  private static double[][] averageStatistics(List<Batch> batches) {
    double[][] out = new double[2][(int) TinySpace.C];
    for (Batch b : batches) {
      INDArray x = b.features().castTo(DataType.DOUBLE);
      INDArray mean = x.mean(0, 2, 3);
      INDArray var = x.sub(mean.reshape(1, TinySpace.C, 1, 1)).muli(x.sub(mean.reshape(1, TinySpace.C, 1, 1)))
          .mean(0, 2, 3);
      for (int c = 0; c < TinySpace.C; c++) {
        out[0][c] += mean.getDouble(c) / batches.size();
        out[1][c] += var.getDouble(c) / batches.size();
      }
    }
    return out;
  }

  @Test
  @DisplayName("recalibration: cumulative average of batch statistics; the supernet's statistics stay; score on them")
  void recalibration() {
    Supernet net = Supernet.create(space, 71);
    net.graph(Encoding.full(space), BatchNormMode.TRAIN); // creates every weight and statistic
    List<Batch> batches = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      INDArray x = GradCheck.uniform(DataType.FLOAT, 72 + k, 5, 2, 4, 4).muli(1 + k).addi(k - 1);
      batches.add(new Batch(x, TinySpace.oneHot(0, 1, 2, 0, 1), new int[] {0, 1, 2, 0, 1}));
    }
    double[][] expected = averageStatistics(batches);
    ParameterSet statsBefore = net.parameters().bnStats().copy();

    // validation images: 6 random 2x4x4 images, identity normalisation
    float[] pixels = GradCheck.uniform(DataType.FLOAT, 80, 6 * 32).toFloatVector();
    ImageDataset valid = ImageDataset.of("valid", pixels, new int[] {0, 1, 2, 2, 1, 0}, 2, 4, 4, 3);
    BatchMaker maker = new BatchMaker(valid, Normalization.identity(2), Augmentation.NONE, 0L);
    int[] indices = {0, 1, 2, 3, 4, 5};
    Architecture path = new Path(TinySpace.path(TinySpace.SKIP, TinySpace.SKIP));
    Score got = DiscretisationGap.derivedScore(net, path, batches, maker, indices, 4);

    for (String n : statsBefore.names()) {
      assertEquals(statsBefore.get(n), net.parameters().bnStats().get(n), "supernet statistic " + n + " changed");
    }
    // the reference: a copy whose input statistics are set by hand, scored on running statistics
    SupernetParameters copy = net.parameters().copy();
    copy.bnStats().get("in/bn/running_mean").assign(Nd4j.createFromArray(expected[0]).castTo(DataType.FLOAT));
    copy.bnStats().get("in/bn/running_var").assign(Nd4j.createFromArray(expected[1]).castTo(DataType.FLOAT));
    Score reference = Evaluator.score(new Supernet(space, copy).graph(path.encoding(), BatchNormMode.RUNNING), maker,
        indices, 4);
    assertEquals(reference.loss(), got.loss(), 1e-5);
    assertEquals(reference.accuracy(), got.accuracy());
    // and a supernet-statistics score differs: recalibration did something
    Score stale = Evaluator.score(net.graph(path.encoding(), BatchNormMode.RUNNING), maker, indices, 4);
    org.junit.jupiter.api.Assertions.assertNotEquals(stale.loss(), got.loss());
  }
}
