package org.sparknas.core.backend;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts the calling thread's ND4J work on one GPU. Cluster managers hand out GPUs by address (the index
 * {@code nvidia-smi} prints); inside a process whose {@code CUDA_VISIBLE_DEVICES} lists some GPUs, CUDA
 * numbers only those, from 0, so the address is looked up in that list first.
 * <pre>{@code
 * int ordinal = Devices.ordinalOf("3", System.getenv("CUDA_VISIBLE_DEVICES"));   // "2,3" -> 1
 * boolean bound = Devices.bind(ordinal);   // false on the CPU backend, which has no devices to choose
 * }</pre>
 */
public final class Devices {
  private Devices() {}

  /**
   * The CUDA ordinal of a GPU address: its position in {@code visible} (a {@code CUDA_VISIBLE_DEVICES}
   * value) when listed there, else the address itself, which must then be a non-negative integer.
   */
  public static int ordinalOf(String address, String visible) {
    String a = address.trim();
    if (visible != null && !visible.isBlank()) {
      List<String> listed = Arrays.stream(visible.split(",")).map(String::trim).toList();
      int at = listed.indexOf(a);
      if (at >= 0) {
        return at;
      }
    }
    try {
      int ordinal = Integer.parseInt(a);
      if (ordinal >= 0) {
        return ordinal;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("GPU address '" + address + "' is neither a CUDA device index nor listed in "
        + "CUDA_VISIBLE_DEVICES=" + visible + "; the GPU discovery script must print device indices "
        + "(conf/cluster/gpu-discovery.sh does)");
  }

  /**
   * Binds this thread's ND4J work to CUDA device {@code ordinal}; returns false, changing nothing, on the
   * CPU backend. Fails when the device is not among those the backend sees.
   */
  public static boolean bind(int ordinal) {
    if (!Nd4jBackends.facts().isCuda()) {
      return false;
    }
    int count = Nd4j.getAffinityManager().getNumberOfDevices();
    if (ordinal >= count) {
      throw new IllegalStateException("GPU " + ordinal + " was assigned, but ND4J sees " + count + " GPU(s) here"
          + " (CUDA_VISIBLE_DEVICES=" + System.getenv("CUDA_VISIBLE_DEVICES") + ")");
    }
    if (Nd4j.getAffinityManager().getDeviceForCurrentThread() != ordinal) {
      // ND4J keeps a device per thread; arrays this thread creates from now on live on that GPU
      Nd4j.getAffinityManager().unsafeSetDevice(ordinal);
    }
    return true;
  }

  /** The device this thread's ND4J work runs on (0 on the CPU backend). */
  public static int current() {
    return Nd4j.getAffinityManager().getDeviceForCurrentThread();
  }
}
