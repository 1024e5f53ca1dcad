package org.sparknas.core.backend;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ND4J runs on in one JVM, as {@code manifest.json} records it for the driver and every executor:
 * {@code backend} is {@code cpu} or {@code cuda}; {@code devices} are the GPUs the CUDA backend sees (none
 * on the CPU); {@code details} are the facts numerics depend on, in a fixed order: ND4J's backend class,
 * JavaCPP's native-build extensions, libnd4j's build flags ({@code HAVE_ONEDNN}, {@code HAVE_CUDNN}, ...),
 * BLAS, threads, and on CUDA the driver, runtime, cuBLAS and cuDNN versions.
 * <pre>{@code
 * BackendFacts facts = Nd4jBackends.facts();
 * facts.isCuda(); facts.devices().get(0).name();   // "NVIDIA A100-SXM4-40GB"
 * }</pre>
 * Mutable collection types on purpose: the facts cross the wire from executors (Kryo).
 */
public record BackendFacts(String backend, ArrayList<Device> devices, LinkedHashMap<String, String> details)
    implements Serializable {

  /** One GPU as the CUDA backend numbers it (after {@code CUDA_VISIBLE_DEVICES}). */
  public record Device(int ordinal, String name, String computeCapability, long memoryBytes) implements Serializable {}

  public static final String CPU = "cpu";
  public static final String CUDA = "cuda";

  public boolean isCuda() {
    return CUDA.equals(backend);
  }

  /** {@code {"backend": ..., <details>..., "devices": [{"ordinal", "name", "compute_capability", "memory_mb"}]}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    m.putAll(details);
    if (isCuda()) {
      List<Map<String, Object>> gpus = new ArrayList<>();
      for (Device d : devices) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("ordinal", d.ordinal());
        g.put("name", d.name());
        g.put("compute_capability", d.computeCapability());
        g.put("memory_mb", d.memoryBytes() >> 20);
        gpus.add(g);
      }
      m.put("devices", gpus);
    }
    return m;
  }
}
