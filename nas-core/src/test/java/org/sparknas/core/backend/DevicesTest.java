package org.sparknas.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GPU addresses to CUDA ordinals, and binding on the CPU backend")
class DevicesTest {

  @Test
  @DisplayName("an address listed in CUDA_VISIBLE_DEVICES becomes its position there; otherwise it is the ordinal")
  void ordinals() {
    assertEquals(1, Devices.ordinalOf("3", "2,3"));
    assertEquals(0, Devices.ordinalOf(" 2 ", "2, 3"));
    assertEquals(1, Devices.ordinalOf("1", null));
    assertEquals(5, Devices.ordinalOf("5", ""));
    assertEquals(0, Devices.ordinalOf("GPU-8d3f", "GPU-8d3f,GPU-11aa"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.ordinalOf("GPU-8d3f", "0,1"));
    assertTrue(e.getMessage().contains("discovery script"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Devices.ordinalOf("-1", null));
  }

  @Test
  @DisplayName("the CPU backend ignores a binding: this thread stays on device 0")
  void cpuIgnoresBinding() {
    assertFalse(Devices.bind(3));
    assertEquals(0, Devices.current());
  }
}
