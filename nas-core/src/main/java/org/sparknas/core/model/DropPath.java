package org.sparknas.core.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DARTS's drop-path as a DL4J dropout: in training, each example's whole activation is dropped with
 * probability {@code p} and the kept ones are scaled by {@code 1/(1-p)}, where {@code p} ramps
 * linearly with the epoch, {@code p = rate * epoch / epochs} (epoch counted from 0, as DARTS sets
 * {@code drop_path_prob} before each epoch). DL4J has element-wise and channel-wise dropout only;
 * dropping whole examples is what makes it drop a path. Inference never applies it. The mask comes from
 * ND4J's global generator, which DL4J seeds from the network's seed.
 */
public final class DropPath implements IDropout {
  private static final long serialVersionUID = 1L;

  @JsonProperty("rate")
  private final double rate;
  @JsonProperty("epochs")
  private final int epochs;
  private transient INDArray mask;

  /** Also DL4J's JSON configuration reader's way in. */
  @JsonCreator
  public DropPath(@JsonProperty("rate") double rate, @JsonProperty("epochs") int epochs) {
    if (!(rate >= 0 && rate < 1) || epochs < 1) {
      throw new IllegalArgumentException("drop-path needs 0 <= rate < 1 and epochs >= 1, got " + rate + ", " + epochs);
    }
    this.rate = rate;
    this.epochs = epochs;
  }

  /** The drop probability in epoch {@code epoch} (0-based). */
  public double probability(int epoch) {
    return rate * Math.min(epoch, epochs) / epochs;
  }

  @Override
  public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch, LayerWorkspaceMgr workspaces) {
    double p = probability(epoch);
    if (p <= 0) {
      mask = null;
      return output.assign(input);
    }
    long[] shape = new long[input.rank()];
    Arrays.fill(shape, 1);
    shape[0] = input.size(0);
    mask = workspaces.createUninitialized(ArrayType.INPUT, input.dataType(), shape);
    Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1 - p));
    mask.divi(1 - p);
    return output.assign(input.mul(mask));
  }

  @Override
  public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
    return mask == null ? gradAtInput.assign(gradAtOutput) : gradAtInput.assign(gradAtOutput.mul(mask));
  }

  @Override
  public void clear() {
    mask = null;
  }

  @Override
  public DropPath clone() {
    return new DropPath(rate, epochs);
  }

  public double rate() {
    return rate;
  }

  public int epochs() {
    return epochs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DropPath d && d.rate == rate && d.epochs == epochs;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(rate) * 31 + epochs;
  }
}
