package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maven profile {@code cuda} resolves: Maven collects the dependency graph of the spark-submit jar's
 * build with {@code -Pshade,cuda} (and {@code cuda-redist}) from Central, POMs only, so the 600 MB native
 * jar is not downloaded. Tagged {@code cuda-profile} and excluded by default: it may fetch POMs from
 * Central, and the default build never asks for a CUDA artifact. Run it with
 * <pre>
 * mvn -B -pl spark-jobs -am test -Dgroups=cuda-profile -Dexcluded.groups=none \
 *     -Dtest='CudaProfileResolvesTest' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("cuda-profile")
@DisplayName("the cuda build's dependencies resolve")
class CudaProfileResolvesTest {
  private static final Path NATIVE = Path.of(System.getProperty("user.home"),
      ".m2/repository/org/nd4j/nd4j-cuda-11.6/1.0.0-M2.1/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar");

  @TempDir Path tmp;

  private String tree(String profiles) throws Exception {
    Path out = tmp.resolve("tree-" + profiles.replace(',', '-') + ".txt");
    String line = "mvn -B -q " + (profiles.isEmpty() ? "" : "-P" + profiles)
        + " -pl spark-jobs -am dependency:tree -DappendOutput=true -DoutputFile=" + out;
    Path log = tmp.resolve("mvn.log");
    assertEquals(0, LocalCluster.shell(line, Map.of(), log, Duration.ofMinutes(5)), () -> line + "\n" + read(log));
    return Files.readString(out);
  }

  @Test
  @DisplayName("-Pshade,cuda: both ND4J backends, the cuDNN build and JavaCPP's CUDA wrappers, without the native jar's download")
  void cudaProfile() throws Exception {
    boolean nativeBefore = Files.exists(NATIVE);
    String cuda = tree("shade,cuda");
    for (String artifact : new String[] {"org.nd4j:nd4j-cuda-11.6:jar:1.0.0-M2.1:compile",
        "org.nd4j:nd4j-cuda-11.6:jar:linux-x86_64-cudnn:1.0.0-M2.1:compile",
        "org.nd4j:nd4j-cuda-11.6-preset:jar:linux-x86_64:1.0.0-M2.1:compile",
        "org.bytedeco:cuda:jar:linux-x86_64:11.6-8.3-1.5.7:compile",
        "org.nd4j:nd4j-native:jar:linux-x86_64-onednn-avx2:1.0.0-M2.1:compile"}) {
      assertTrue(cuda.contains(artifact), artifact + " missing from\n" + cuda);
    }
    assertFalse(cuda.contains("redist"), "the CUDA libraries come only with cuda-redist");
    assertTrue(tree("shade,cuda,cuda-redist").contains("org.bytedeco:cuda:jar:linux-x86_64-redist:11.6-8.3-1.5.7:compile"));
    assertEquals(nativeBefore, Files.exists(NATIVE), "collecting the graph must not download the native jar");
  }

  @Test
  @DisplayName("the default build has no CUDA artifact at all")
  void defaultBuild() throws Exception {
    String cpu = tree("");
    assertFalse(cpu.contains("cuda"), cpu);
    assertTrue(cpu.contains("org.nd4j:nd4j-native:jar:linux-x86_64-onednn-avx2:1.0.0-M2.1:compile"), cpu);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
