package org.sparknas.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** What the {@code cluster}-tagged tests share: driving {@code bin/cluster} and packing fresh classes into a jar. */
public final class LocalCluster {
  /** The repository root (tests run in spark-jobs/). */
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private LocalCluster() {}

  /** Runs {@code bin/cluster <command>} with its output in {@code logDir}; the exit status, or -1 after 5 minutes. */
  public static int run(String command, Path logDir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(REPO.resolve("bin/cluster").toString(), command)
        .redirectErrorStream(true).redirectOutput(logDir.resolve("cluster-" + command + ".log").toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
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
