package org.sparknas.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code NasMain} in a JVM of its own, as {@code bin/nas} starts it: this test JVM's java, class path
 * and module openings, plus the given JVM options; stdout and stderr go to {@code <dir>/<name>.out}
 * and {@code .err}. For what only a real process shows: a signal, the JVM's own memory limits.
 * <pre>{@code
 * Process p = ChildJvm.start(tmp, "stopped", List.of("-Xmx1g"), "search", "--config", conf.toString());
 * }</pre>
 */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Path dir, String name, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens") || option.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || option.startsWith("-Djdk.reflect") || option.startsWith("-Dio.netty")
          || option.startsWith("-Dorg.bytedeco.javacpp.platform.extension")) {
        command.add(option);
      }
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-Dspark.ui.enabled=false", "-cp", System.getProperty("java.class.path"),
        NasMain.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }
}
