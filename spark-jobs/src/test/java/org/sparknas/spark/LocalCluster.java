package org.sparknas.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * What the {@code cluster}-tagged tests share: driving {@code bin/cluster} and other command lines of the
 * repository, and packing fresh classes into a jar.
 */
public final class LocalCluster {
  /** The repository root (tests run in spark-jobs/). */
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private LocalCluster() {}

  /**
   * Runs {@code bin/cluster <command> spark} (the Spark daemons only: the fault tests need no HDFS) with
   * its output in {@code logDir}; the exit status, or -1 after 5 minutes.
   */
  public static int spark(String command, Path logDir) throws IOException, InterruptedException {
    return shell("bin/cluster " + command + " spark", Map.of(), logDir.resolve("cluster-" + command + ".log"),
        Duration.ofMinutes(5));
  }

  /**
   * Runs one command line in the repository root as a user types it (bash, so globs and quotes work),
   * with {@code env} added to the environment and its stdout and stderr in {@code output}; the exit
   * status, or -1 (the process killed) after {@code timeout}.
   */
  public static int shell(String line, Map<String, String> env, Path output, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", line).directory(REPO.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** A jar of the given class directories, so executors run the classes just compiled. */
  public static Path jarOf(Path jar, Path... classDirs) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path dir : classDirs) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
            Files.copy(f, out);
            out.closeEntry();
          }
        }
      }
    }
    return jar;
  }
}
