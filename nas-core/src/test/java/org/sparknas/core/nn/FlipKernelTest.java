package org.sparknas.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The kernel turn of the stride-1 input gradients, element by element, on host memory and through views. */
class FlipKernelTest {

  @ParameterizedTest(name = "{0}x{1}x{2}x{3} {4}")
  @CsvSource({"3,3,4,5,FLOAT", "5,5,6,1,FLOAT", "1,1,3,2,FLOAT", "3,3,4,5,DOUBLE", "7,7,2,1,DOUBLE"})
  void turnsBy180Degrees(int kh, int kw, int in, int out, DataType type) {
    INDArray w = Nd4j.rand(type, kh, kw, in, out);
    INDArray turned = Nd4j.create(type, kh, kw, in, out);
    ConvModule.flipKernel(w, turned);
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        for (int c = 0; c < in; c++) {
          for (int o = 0; o < out; o++) {
            assertEquals(w.getDouble(i, j, c, o), turned.getDouble(kh - 1 - i, kw - 1 - j, c, o), 0.0);
          }
        }
      }
    }
  }
}
