package org.sparknas.spark.runtime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.sparknas.core.backend.Devices;

/**
 * Puts a task's ND4J work on the GPU Spark assigned it. With {@code spark.task.resource.gpu.amount} set,
 * Spark gives each task GPU addresses from those its executor's discovery script announced, and never
 * gives one address to more concurrent tasks than the amount allows (amount 1: one task per GPU; 0.5:
 * two). {@link WorkTask} binds every task before its work, so two tasks of an executor share a GPU only
 * when the configuration says so, never because both kept ND4J's default device. Without GPU addresses
 * (CPU executors, local mode) nothing is bound; the CPU backend ignores the binding.
 * <pre>{@code
 * TaskDevice.Binding gpu = TaskDevice.bind(TaskContext.get());   // in a task, before any ND4J work
 * TaskDevice.current().bound();                                  // later in the same task
 * }</pre>
 */
public final class TaskDevice {
  /** Spark's resource name for GPUs ({@code spark.task.resource.gpu.*}). */
  public static final String GPU = "gpu";

  /**
   * What {@link #bind} did: the addresses Spark assigned the task (none without GPU scheduling), the
   * CUDA ordinal of the first (-1 without addresses), and whether ND4J's work moved there (false on
   * the CPU backend).
   */
  public record Binding(ArrayList<String> addresses, int ordinal, boolean bound) implements Serializable {}

  private static final ThreadLocal<Binding> CURRENT =
      ThreadLocal.withInitial(() -> new Binding(new ArrayList<>(), -1, false));

  private TaskDevice() {}

  /** Binds the calling task thread to its first assigned GPU; the engine runs one device per task. */
  static Binding bind(TaskContext task) {
    ResourceInformation gpu = task.resourcesJMap().get(GPU);
    ArrayList<String> addresses = gpu == null ? new ArrayList<>() : new ArrayList<>(List.of(gpu.addresses()));
    Binding binding = new Binding(addresses, -1, false);
    if (!addresses.isEmpty()) {
      int ordinal = Devices.ordinalOf(addresses.get(0), System.getenv("CUDA_VISIBLE_DEVICES"));
      binding = new Binding(addresses, ordinal, Devices.bind(ordinal));
    }
    CURRENT.set(binding);
    return binding;
  }

  /** The binding of the task running on this thread (or no GPU outside tasks). */
  public static Binding current() {
    return CURRENT.get();
  }
}
