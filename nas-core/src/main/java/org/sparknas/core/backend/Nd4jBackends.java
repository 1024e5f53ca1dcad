package org.sparknas.core.backend;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Loads ND4J's backend in this JVM and says what it loaded ({@link #facts()}) and, where CUDA was wanted
 * but the CPU build runs, why ({@link #cudaProblem()}).
 * <pre>{@code
 * Nd4jBackends.tryCudaFirst();            // as early as possible in a JVM, before anything touches Nd4j
 * BackendFacts facts = Nd4jBackends.facts();
 * }</pre>
 * Why {@link #tryCudaFirst()}: ND4J tries its CUDA backend once, logs the failure as a warning and falls
 * back to the CPU build; a later attempt in the same JVM only reports that JavaCPP's wrapper
 * ({@code jnicudart}) is missing, no longer the system library that was (the driver's {@code libcuda.so.1},
 * the runtime's {@code libcudart.so.11.0}, {@code libcudnn.so.8}). So the first attempt is made here and
 * its error kept. The CUDA classes are reached by reflection: the default build has none.
 */
public final class Nd4jBackends {
  static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
  private static final String CUDART = "org.bytedeco.cuda.global.cudart";
  private static final String CUDNN = "org.bytedeco.cuda.global.cudnn";
  static final String NO_CUDA_BUILD = "no CUDA backend in this build";
  private static final Pattern MISSING_LIBRARY = Pattern.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file");

  private static String cudaFailure;
  private static boolean cudaTried;
  private static BackendFacts facts;

  private Nd4jBackends() {}

  /**
   * Tries ND4J's CUDA backend once in this JVM, before ND4J does, and keeps its error (cheap and without
   * effect where the build has no CUDA backend). Returns the reason CUDA is unusable, or null.
   */
  public static synchronized String tryCudaFirst() {
    if (!cudaTried) {
      cudaTried = true;
      cudaFailure = firstCudaAttempt();
    }
    return cudaFailure;
  }

  /** ND4J's backend in this JVM (loading it on first use). */
  public static synchronized BackendFacts facts() {
    if (facts == null) {
      tryCudaFirst();
      facts = collect(Nd4j.getBackend());
    }
    return facts;
  }

  /**
   * Why ND4J's CUDA backend does not run in this JVM, as one message that names the library and what
   * to install; null where it runs.
   */
  public static String cudaProblem() {
    String failure = tryCudaFirst();
    if (failure == null && facts().isCuda()) {
      return null;
    }
    return explain(failure == null ? "ND4J chose its CPU backend" : failure);
  }

  private static String firstCudaAttempt() {
    Class<?> backend;
    try {
      backend = Class.forName(CUDA_BACKEND, false, Nd4jBackends.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return NO_CUDA_BUILD;
    }
    try {
      // isAvailable() loads cudart, counts devices and loads cuBLAS; it wraps any failure
      return ((Nd4jBackend) backend.getDeclaredConstructor().newInstance()).isAvailable() ? null : "not available";
    } catch (Throwable t) {
      return rootMessage(t);
    }
  }

  /** The message of a CUDA failure: what is missing and what to install. */
  static String explain(String failure) {
    String install;
    if (failure.equals(NO_CUDA_BUILD)) {
      return "this build has only ND4J's CPU backend; ND4J's CUDA backend (nd4j-cuda-11.6) comes with the Maven "
          + "profile cuda: NAS_BUILD=cuda bin/nas ..., or the jar spark-jobs-*-cuda.jar from "
          + "mvn -pl spark-jobs -am package -Pshade,cuda (docs/gpu.md)";
    }
    Matcher m = MISSING_LIBRARY.matcher(failure);
    String library = m.find() ? m.group(1) : null;
    if (library == null) {
      install = failure.contains("No CUDA devices")
          ? "a visible NVIDIA GPU: nvidia-smi must list one, CUDA_VISIBLE_DEVICES="
              + System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "(unset)") + ", and the driver must support CUDA 11.6 "
              + "(driver >= 510.39; this one supports CUDA " + driverVersion() + ")"
          : "the NVIDIA driver (>= 510.39), the CUDA 11.6 runtime and cuDNN 8.3 (docs/gpu.md)";
      return "ND4J's CUDA backend cannot run here (" + failure + "); it needs " + install;
    }
    if (library.startsWith("libcuda.so") || library.startsWith("libnvidia")) {
      install = "the NVIDIA driver (" + library + " is the driver's library; CUDA 11.6 needs driver >= 510.39)";
    } else if (library.startsWith("libcudnn")) {
      install = "cuDNN 8.3 for CUDA 11.x (libcudnn8) on the library path, or the jar with the CUDA libraries inside "
          + "(-Pcuda,cuda-redist), or the CUDA build without cuDNN (-Dnd4j.cuda.classifier=linux-x86_64 "
          + "-Dnd4j.cuda.extension=)";
    } else {
      install = "the CUDA 11.6 runtime libraries (cudart, cuBLAS, cuSOLVER, cuSPARSE, cuRAND of CUDA 11.6) on the library "
          + "path (LD_LIBRARY_PATH), or the jar with them inside (-Pcuda,cuda-redist)";
    }
    return "ND4J's CUDA backend cannot load " + library + " (" + failure + "); install " + install;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static BackendFacts collect(Nd4jBackend backend) {
    Environment env = Nd4j.getEnvironment();
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    LinkedHashMap<String, String> details = new LinkedHashMap<>();
    details.put("nd4j_backend", backend.getClass().getSimpleName());
    details.put("native_extension", System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
    String flags = backend.buildInfo().lines().map(String::trim).filter(l -> l.startsWith("HAVE_"))
        .collect(Collectors.joining(" "));
    details.put("build_flags", flags);
    details.put("blas", String.valueOf(info.getOrDefault("blas.vendor", "")));
    ArrayList<BackendFacts.Device> devices = new ArrayList<>();
    if (env.isCPU()) {
      details.put("omp_threads", String.valueOf(info.getOrDefault("omp.threads", "")));
      details.put("cores", String.valueOf(info.getOrDefault("cores", "")));
      return new BackendFacts(BackendFacts.CPU, devices, details);
    }
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    for (int d = 0; d < ops.getAvailableDevices(); d++) {
      devices.add(new BackendFacts.Device(d, ops.getDeviceName(d), ops.getDeviceMajor(d) + "." + ops.getDeviceMinor(d),
          ops.getDeviceTotalMemory(d)));
    }
    details.put("cuda_driver", driverVersion());
    details.put("cuda_runtime", cudaVersion("cudaRuntimeGetVersion"));
    details.put("cublas", env.blasMajorVersion() + "." + env.blasMinorVersion() + "." + env.blasPatchVersion());
    details.put("cudnn", flags.contains("HAVE_CUDNN") ? cudnnVersion() + (env.helpersAllowed() ? "" : " (helpers off)")
        : "not in this build");
    return new BackendFacts(BackendFacts.CUDA, devices, details);
  }

  /** The CUDA version the NVIDIA driver supports, e.g. {@code 12.2}; "none" without a driver. */
  static String driverVersion() {
    return cudaVersion("cudaDriverGetVersion");
  }

  private static String cudaVersion(String function) {
    try {
      int[] v = new int[1];
      Method m = Class.forName(CUDART).getMethod(function, int[].class);
      int error = (Integer) m.invoke(null, (Object) v);
      return error != 0 || v[0] == 0 ? "none" : (v[0] / 1000) + "." + (v[0] % 1000 / 10);
    } catch (ReflectiveOperationException | LinkageError e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static String cudnnVersion() {
    try {
      long v = (Long) Class.forName(CUDNN).getMethod("cudnnGetVersion").invoke(null);
      return (v / 1000) + "." + (v % 1000 / 100) + "." + (v % 100);
    } catch (ReflectiveOperationException | LinkageError e) {
      return "in the build, version unknown (" + e.getClass().getSimpleName() + ")";
    }
  }
}
