package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host average pool against libnd4j's {@code avgpool2d} and {@code avgpool2d_bp} (averaging over
 * real pixels) in double precision: square and oblong planes, planes smaller than the window, kernels
 * 3 and 5.
 */
class HostAvgPoolTest {

  @ParameterizedTest(name = "{0}x{1}x{2}x{3} kernel {4}")
  @CsvSource({"4,3,7,7,3", "2,5,28,28,3", "3,2,5,9,3", "2,3,7,6,5", "1,2,1,2,3", "2,1,2,2,5"})
  void equalsLibnd4jInDouble(int n, int channels, int h, int w, int kernel) {
    Nd4j.getRandom().setSeed(n * 131L + h * 7L + kernel);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, channels, h, w).addi(2);
    INDArray dOut = Nd4j.randn(DataType.FLOAT, n, channels, h, w);
    INDArray out = x.ulike();
    INDArray dx = x.ulike();
    assertTrue(HostAvgPool.handles(kernel, 1, kernel / 2) && HostArrays.applies(x, out, dOut, dx));
    HostAvgPool.forward(x, out, kernel);
    HostAvgPool.backward(dOut, dx, kernel);

    INDArray xd = x.castTo(DataType.DOUBLE);
    INDArray outD = xd.ulike();
    INDArray dxD = xd.ulike();
    NativeOps.avgPool(xd, outD, kernel, 1, kernel / 2);
    NativeOps.avgPoolBackward(xd, dOut.castTo(DataType.DOUBLE), dxD, kernel, 1, kernel / 2);
    assertClose(outD, out, "output");
    assertClose(dxD, dx, "dx");
  }

  @Test
  void stridedAndValidPoolsStayNative() {
    assertTrue(HostAvgPool.handles(3, 1, 1));
    assertFalse(HostAvgPool.handles(3, 2, 1));
    assertFalse(HostAvgPool.handles(3, 1, 0));
    assertFalse(HostAvgPool.handles(2, 1, 1));
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
        / Math.max(1, expected.amaxNumber().doubleValue());
    assertTrue(diff < 1e-5, what + ": relative difference " + diff);
  }
}
