package org.sparknas.core.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.network.Layer;

/**
 * Convolutions of one input with one geometry (a cell node's {@code nor_conv_3x3} on each outgoing edge of
 * NAS-Bench-201), back-propagated as one convolution over their output channels side by side. oneDNN
 * runs a backward with 24 output channels about twice as fast as three with 8 (measured at 64x8x28x28,
 * 14.5 against 6.9 ms for 3x3 kernels), and the input gradient comes out already summed: an nb201 C=8
 * weight step went from 255 to 231 ms. Forwards stay separate: there the fused convolution gains little
 * more than copying its output apart costs, and an architecture step, which needs no weight gradients,
 * gained nothing measurable.
 *
 * <p>Backward visits members last to first: each but the first leaves its {@code dOut} in its channels
 * of a shared gradient, and the first computes the fused backward and returns the whole input gradient
 * (the others return none). Weight gradients are the fused one's slices.
 */
final class ConvSiblings {
  private final List<ConvModule> members;
  private final long[] offsets;
  private final long channels;
  private final Layer.Conv geometry;
  // the pass whose gradients are being gathered, and the gathered output gradient [N, channels, H, W]
  private PassContext gathering;
  private INDArray dOut;
  private final boolean[] gathered;

  /** @param members convolutions reading one node with equal kernel, stride, padding and input channels, in node order */
  ConvSiblings(List<ConvModule> members) {
    this.members = List.copyOf(members);
    this.geometry = members.get(0).layer();
    this.offsets = new long[members.size() + 1];
    for (int m = 0; m < members.size(); m++) {
      Layer.Conv l = members.get(m).layer();
      if (l.kernel() != geometry.kernel() || l.stride() != geometry.stride() || l.padding() != geometry.padding()
          || l.in() != geometry.in()) {
        throw new IllegalArgumentException("sibling convolutions differ: " + l + " and " + geometry);
      }
      offsets[m + 1] = offsets[m] + l.out();
    }
    this.channels = offsets[members.size()];
    this.gathered = new boolean[members.size()];
  }

  /** Whether {@code member} is the one whose backward runs the fused one. */
  boolean runsBackward(ConvModule member) {
    return members.get(0) == member;
  }

  /** Keeps a later member's output gradient for the fused backward. */
  void gather(PassContext c, ConvModule member, INDArray memberDOut) {
    if (gathering != c) {
      drop();
      long[] shape = memberDOut.shape().clone();
      shape[1] = channels;
      dOut = c.pool().acquire(shape);
      gathering = c;
    }
    int m = members.indexOf(member);
    copyIntoChannels(m, memberDOut);
    gathered[m] = true;
  }

  /** {@code from [N, c, H, W]} into member {@code m}'s channels of {@link #dOut}: one block per image on the host. */
  private void copyIntoChannels(int m, INDArray from) {
    if (!HostArrays.applies(from, dOut)) {
      dOut.get(outputChannels(m)).assign(from);
      return;
    }
    int block = (int) (from.length() / from.size(0));
    int stride = (int) (dOut.length() / dOut.size(0));
    int start = (int) (offsets[m] * from.size(2) * from.size(3));
    FloatBuffer src = HostArrays.floats(from);
    FloatBuffer dst = HostArrays.floats(dOut);
    for (int n = 0; n < from.size(0); n++) {
      dst.put(n * stride + start, src, n * block, block);
    }
  }

  /** The first member's backward: the input gradient of all members, their weight gradients committed. */
  INDArray backward(PassContext c, INDArray x, INDArray firstDOut) {
    gather(c, members.get(0), firstDOut);
    for (int m = 1; m < members.size(); m++) {
      if (!gathered[m]) {
        dOut.get(outputChannels(m)).assign(0); // a member without a gradient contributes none
      }
    }
    INDArray weight = c.pool().acquire(geometry.kernel(), geometry.kernel(), geometry.in(), channels);
    boolean weightsWanted = false;
    for (int m = 0; m < members.size(); m++) {
      ConvModule member = members.get(m);
      weight.get(kernelChannels(m)).assign(member.weight());
      weightsWanted |= c.wants(member.layer().weight());
    }
    INDArray dx = c.pool().acquire(x.shape());
    if (geometry.stride() == 1 && !weightsWanted) {
      ConvModule.inputGradient(c, weight, geometry.kernel(), geometry.padding(), dOut, dx);
    } else {
      INDArray dw = c.pool().acquire(weight.shape());
      NativeOps.conv2dBackward(x, weight, dOut, dx, dw, geometry.kernel(), geometry.stride(), geometry.padding());
      for (int m = 0; m < members.size(); m++) {
        c.addGradient(members.get(m).layer().weight(), dw.get(kernelChannels(m)));
      }
      c.pool().release(dw);
    }
    c.pool().release(weight);
    drop();
    return dx;
  }

  /**
   * The first member's pass ends: a gradient gathered from the others but never back-propagated (the
   * first had none) would be lost without a word, so it fails the pass instead.
   */
  void endPass(PassContext c) {
    if (gathering == c) {
      drop();
      throw new IllegalStateException("sibling convolutions of " + geometry.weight()
          + " received gradients but it did not: the fused backward never ran");
    }
  }

  /** Member {@code m}'s channels of an activation {@code [N, C, H, W]}. */
  private INDArrayIndex[] outputChannels(int m) {
    return new INDArrayIndex[] {NDArrayIndex.all(), span(m), NDArrayIndex.all(), NDArrayIndex.all()};
  }

  /** Member {@code m}'s output channels of a weight {@code [kH, kW, in, out]}. */
  private INDArrayIndex[] kernelChannels(int m) {
    return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), span(m)};
  }

  private INDArrayIndex span(int m) {
    return NDArrayIndex.interval(offsets[m], offsets[m + 1]);
  }

  private void drop() {
    if (gathering != null) {
      gathering.pool().release(dOut);
    }
    gathering = null;
    dOut = null;
    Arrays.fill(gathered, false);
  }
}
