package org.sparknas.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.ConfigLoader;
import org.sparknas.core.config.Settings;

@DisplayName("nas.backend on the CPU build")
class BackendChoiceTest {

  private static BackendChoice choice(Map<String, String> set) {
    return BackendChoice.from(new Settings(ConfigLoader.load(null, set)));
  }

  @Test
  @DisplayName("defaults to auto; cpu, cuda and auto parse; anything else names the key")
  void parses() {
    assertEquals(BackendChoice.AUTO, choice(Map.of()));
    assertEquals(BackendChoice.CPU, choice(Map.of("nas.backend", "cpu")));
    assertEquals(BackendChoice.CUDA, choice(Map.of("nas.backend", "cuda")));
    ConfigException e = assertThrows(ConfigException.class, () -> choice(Map.of("nas.backend", "gpu")));
    assertEquals("nas.backend", e.key());
  }

  @Test
  @DisplayName("this JVM runs the CPU build: cpu and auto accept it, cuda says to build with the cuda profile")
  void cudaIsRefusedWithTheBuildToUse() {
    BackendFacts facts = Nd4jBackends.facts();
    assertEquals(BackendFacts.CPU, facts.backend());
    assertNull(BackendChoice.CPU.problem(facts));
    assertNull(BackendChoice.AUTO.problem(facts));
    String problem = BackendChoice.CUDA.problem(facts);
    assertTrue(problem.contains("only ND4J's CPU backend") && problem.contains("NAS_BUILD=cuda")
        && problem.contains("-Pshade,cuda"), problem);
  }

  @Test
  @DisplayName("the CPU facts name the backend, the oneDNN build and its threads, and list no GPU")
  void cpuFacts() {
    BackendFacts facts = Nd4jBackends.facts();
    assertEquals("CpuBackend", facts.details().get("nd4j_backend"));
    assertTrue(facts.details().get("build_flags").contains("HAVE_ONEDNN"), facts.details().toString());
    assertEquals(System.getProperty("org.bytedeco.javacpp.platform.extension"), facts.details().get("native_extension"));
    assertTrue(facts.devices().isEmpty());
    Map<String, Object> json = facts.toJson();
    assertEquals("cpu", json.get("backend"));
    assertFalse(json.containsKey("devices"));
    assertTrue(json.containsKey("omp_threads"));
  }

  @Test
  @DisplayName("a CUDA library that does not load is named with what to install")
  void missingLibrariesAreNamed() {
    String driver = Nd4jBackends.explain("UnsatisfiedLinkError: /root/.javacpp/cache/cuda-11.6-8.3-1.5.7-linux-x86_64.jar/"
        + "org/bytedeco/cuda/linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory");
    assertTrue(driver.startsWith("ND4J's CUDA backend cannot load libcuda.so.1 ("), driver);
    assertTrue(driver.contains("install the NVIDIA driver"), driver);

    String runtime = Nd4jBackends.explain("UnsatisfiedLinkError: /tmp/libnd4jcuda.so: libcudart.so.11.0: cannot open shared "
        + "object file: No such file or directory");
    assertTrue(runtime.contains("cannot load libcudart.so.11.0") && runtime.contains("CUDA 11.6 runtime")
        && runtime.contains("-Pcuda,cuda-redist"), runtime);

    String cudnn = Nd4jBackends.explain("UnsatisfiedLinkError: /tmp/libnd4jcuda.so: libcudnn.so.8: cannot open shared object file");
    assertTrue(cudnn.contains("cannot load libcudnn.so.8") && cudnn.contains("cuDNN 8.3")
        && cudnn.contains("-Dnd4j.cuda.classifier=linux-x86_64"), cudnn);

    String noGpu = Nd4jBackends.explain("RuntimeException: No CUDA devices were found in system");
    assertTrue(noGpu.contains("nvidia-smi") && noGpu.contains("CUDA_VISIBLE_DEVICES"), noGpu);
  }
}
