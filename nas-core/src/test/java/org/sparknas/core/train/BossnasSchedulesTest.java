package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.supernet.ParameterSet;

/** BossNAS's learning-rate and EMA-momentum schedules and the EMA update, against hand-computed values. */
class BossnasSchedulesTest {

  @Test
  @DisplayName("warm-up cosine: 1e-4 lr at step 0, halfway at half the warm-up, cosine per epoch, 0 at the block's end")
  void warmupCosine() {
    WarmupCosineSchedule s = new WarmupCosineSchedule(0.48, 0, 50, 100, 1e-4);
    assertEquals(0.48e-4, s.at(0, 0), 1e-15);
    assertEquals(0.48 * (1 - 0.5 * (1 - 1e-4)), s.at(0, 50), 1e-15);
    assertEquals(0.48, s.at(0, 99 + 1), 0);
    // epoch 1 inside the warm-up: regular = 0.24 (1 + cos(pi / 50)), scaled by 1 - (1 - 60/100)(1 - 1e-4)
    double regular1 = 0.24 * (1 + Math.cos(Math.PI / 50));
    assertEquals(regular1 * (1 - 0.4 * (1 - 1e-4)), s.at(1, 60), 1e-15);
    assertEquals(regular1, s.at(1, 150), 1e-15);
    assertEquals(0.24, s.at(25, 2600), 1e-15);
    assertEquals(0.0, s.at(50, 5000), 1e-15);
    assertEquals(0.1 + 0.5 * 0.38, new WarmupCosineSchedule(0.48, 0.1, 50, 0, 1e-4).at(25, 0), 1e-15);
  }

  @Test
  @DisplayName("EMA momentum: 0.99 at the block's start, 0.995 halfway, 1 at its end; cosine in between")
  void emaMomentum() {
    EmaMomentumSchedule m = new EmaMomentumSchedule(0.99, 1.0, 100);
    assertEquals(0.99, m.at(0), 1e-15);
    assertEquals(0.995, m.at(50), 1e-15);
    assertEquals(1.0, m.at(100), 1e-15);
    assertEquals(1 - 0.01 * (Math.sqrt(0.5) + 1) / 2, m.at(25), 1e-15);
  }

  @Test
  @DisplayName("EMA update: theta_t = m theta_t + (1 - m) theta_o, only for the target set's arrays")
  void emaUpdate() {
    ParameterSet target = new ParameterSet();
    target.put("w", Nd4j.createFromArray(1.0, 2.0));
    ParameterSet online = new ParameterSet();
    online.put("w", Nd4j.createFromArray(3.0, 6.0));
    online.put("predictor/w", Nd4j.createFromArray(5.0));
    TargetEma.update(target, online, 0.75);
    assertArrayEquals(new double[] {1.5, 3.0}, target.get("w").toDoubleVector(), 1e-15);
    assertArrayEquals(new double[] {3.0, 6.0}, online.get("w").toDoubleVector(), 0, "the online network is read only");
    TargetEma.update(target, online, 1.0);
    assertArrayEquals(new double[] {1.5, 3.0}, target.get("w").toDoubleVector(), 0);

    ParameterSet stray = new ParameterSet();
    stray.put("w", Nd4j.createFromArray(1.0, 2.0));
    stray.put("neck/w", Nd4j.createFromArray(1.0));
    assertThrows(IllegalArgumentException.class, () -> TargetEma.update(stray, online, 0.5));
    assertArrayEquals(new double[] {1.0, 2.0}, stray.get("w").toDoubleVector(), 0, "nothing changes on a bad call");
  }
}
