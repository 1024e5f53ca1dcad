package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The host batch norm against libnd4j's {@code moments}, {@code batchnorm} and {@code batchnorm_bp} in
 * double precision, on float activations with odd spatial sizes and a mean far from zero (where a
 * one-pass variance without a shift would cancel away).
 */
class HostBatchNormTest {
  private static final double EPS = 1e-5;

  @ParameterizedTest(name = "{0}x{1}x{2}x{2} mean {3}, batch statistics {4}")
  @CsvSource({"4,3,7,0,true", "2,5,5,40,true", "3,2,8,-3,true", "4,3,7,5,false", "1,4,3,0,false"})
  void equalsLibnd4jInDouble(int n, int channels, int size, double offset, boolean batchStatistics) {
    Nd4j.getRandom().setSeed(n * 31L + channels);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, channels, size, size).muli(1.5).addi(offset);
    INDArray dOut = Nd4j.randn(DataType.FLOAT, n, channels, size, size);
    INDArray scale = Nd4j.rand(DataType.FLOAT, channels).addi(0.5);
    INDArray shift = Nd4j.randn(DataType.FLOAT, channels);
    INDArray runningMean = Nd4j.randn(DataType.FLOAT, channels).addi(offset);
    INDArray runningVar = Nd4j.rand(DataType.FLOAT, channels).addi(0.5);

    INDArray mean = batchStatistics ? Nd4j.create(DataType.FLOAT, channels) : runningMean;
    INDArray var = batchStatistics ? Nd4j.create(DataType.FLOAT, channels) : runningVar;
    INDArray out = x.ulike();
    INDArray dx = x.ulike();
    INDArray dScale = scale.ulike();
    INDArray dShift = scale.ulike();
    assertTrue(HostArrays.applies(x, out, dOut, dx));
    HostBatchNorm.forward(x, batchStatistics, mean, var, scale, shift, out, EPS);
    HostBatchNorm.backward(x, mean, var, scale, dOut, batchStatistics, dx, dScale, dShift, EPS);

    INDArray xd = x.castTo(DataType.DOUBLE);
    INDArray dOutD = dOut.castTo(DataType.DOUBLE);
    INDArray scaleD = scale.castTo(DataType.DOUBLE);
    INDArray shiftD = shift.castTo(DataType.DOUBLE);
    INDArray meanD = batchStatistics ? Nd4j.create(DataType.DOUBLE, channels) : runningMean.castTo(DataType.DOUBLE);
    INDArray varD = batchStatistics ? Nd4j.create(DataType.DOUBLE, channels) : runningVar.castTo(DataType.DOUBLE);
    if (batchStatistics) {
      NativeOps.moments(xd, meanD, varD);
    }
    INDArray outD = xd.ulike();
    NativeOps.batchNorm(xd, meanD, varD, scaleD, shiftD, outD, EPS);
    INDArray dxD = xd.ulike();
    INDArray dScaleD = scaleD.ulike();
    INDArray dShiftD = scaleD.ulike();
    if (batchStatistics) {
      NativeOps.batchNormBackward(xd, meanD, varD, scaleD, shiftD, dOutD, dxD, scaleD.ulike(), scaleD.ulike(),
          dScaleD, dShiftD, EPS);
    } else {
      INDArray invStd = Transforms.pow(varD.add(EPS), -0.5).muli(scaleD);
      dxD.assign(dOutD.mul(invStd.reshape(1, channels, 1, 1)));
      INDArray xhat = xd.ulike();
      NativeOps.batchNorm(xd, meanD, varD, Nd4j.ones(DataType.DOUBLE, channels), Nd4j.zeros(DataType.DOUBLE, channels), xhat, EPS);
      dScaleD.assign(xhat.mul(dOutD).sum(0, 2, 3));
      dShiftD.assign(dOutD.sum(0, 2, 3));
    }

    assertClose(meanD, mean, 1e-5, "mean");
    assertClose(varD, var, 1e-5, "variance");
    assertClose(outD, out, 1e-5, "output");
    assertClose(dxD, dx, 1e-5, "dx");
    assertClose(dScaleD, dScale, 1e-5, "dScale");
    assertClose(dShiftD, dShift, 1e-5, "dShift");
  }

  @Test
  void leavesViewsAndOtherTypesToTheNativeOps() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 5, 5);
    assertTrue(HostArrays.applies(x));
    assertFalse(HostArrays.applies(x.get(NDArrayIndex.interval(1, 3))));
    assertFalse(HostArrays.applies(x.castTo(DataType.DOUBLE)));
    assertFalse(HostArrays.applies(x.permute(0, 1, 3, 2)));
  }

  /** Largest difference relative to the reference's largest magnitude (at least 1). */
  private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
    assertTrue(diff < tolerance, what + ": relative difference " + diff);
  }
}
