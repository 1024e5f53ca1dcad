package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a search process does when the outside world ends it, in a real child JVM: a scheduler's
 * SIGTERM (a timeout) is answered with one line saying how to resume, no stack traces, exit 143, the
 * in-progress directory kept and the run id released; a step too large for the memory it was given
 * ends with one error line and a hint naming the keys and NAS_MAX_RSS / NAS_HEAP, not a raw trace.
 */
@DisplayName("a search process stopped by SIGTERM or out of memory")
class ProcessFaultsTest {
  @TempDir Path tmp;

  private static List<String> stackLines(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("\tat ") || l.contains("Exception")).toList();
  }

  @Test
  @DisplayName("SIGTERM after the first checkpoint: one 'stopped:' line with the resume command, exit 143, run kept")
  void sigterm() throws Exception {
    Path runs = tmp.resolve("runs");
    // two shards: every step is a Spark job, so the signal finds Spark busy, as Spark's shutdown noise needs
    Path conf = TinyJobs.conf(tmp, "long.conf", "darts", runs.toString(), TinyJobs.synthetic(),
        "train.epochs = 500\n  train.steps-per-epoch = 1\n  train.shards = 2");
    Process p = ChildJvm.start(tmp, "sigterm", List.of("-Xmx1g"), "search", "--config", conf.toString(),
        "--master", "local[2]", "--set", "nas.run-id=sig");
    Path checkpoint = runs.resolve(".sig.inprogress/checkpoints/darts.ser");
    for (int wait = 0; wait < 1200 && !Files.exists(checkpoint) && p.isAlive(); wait++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(checkpoint), "no checkpoint within 2 min: " + Files.readString(tmp.resolve("sigterm.err")));

    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGTERM");

    List<String> err = Files.readAllLines(tmp.resolve("sigterm.err"));
    assertEquals(143, p.exitValue(), String.join("\n", err));
    List<String> stopped = err.stream().filter(l -> l.startsWith("stopped: ")).toList();
    assertEquals(List.of("stopped: run sig waits in file:" + runs.resolve(".sig.inprogress")
        + "; the same command with --set nas.run-id=sig resumes it from its last checkpoint"), stopped);
    assertEquals(List.of(), stackLines(err), "nothing raw: " + String.join("\n", err));
    assertTrue(Files.exists(checkpoint), "the checkpoint stays for the resume");
    assertFalse(Files.exists(runs.resolve(".sig.lease")), "the run id is released");
    assertFalse(Files.exists(runs.resolve("sig")), "nothing looks complete");
  }

  @Test
  @DisplayName("a step too large for the memory cap: exit 1, one error line and the hint, no trace")
  void outOfMemory() throws Exception {
    Path runs = tmp.resolve("runs");
    Path conf = TinyJobs.conf(tmp, "big.conf", "darts", runs.toString(), TinyJobs.synthetic(), "");
    // 1024 channels: each 3x3 convolution's weights alone are 38 MB, the cell's with gradients and momentum far
    // more than the 600 MB the child may hold off the heap
    Process p = ChildJvm.start(tmp, "oom", List.of("-Xmx512m", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=600m"),
        "search", "--config", conf.toString(), "--master", "local[1]", "--set", "nas.space.channels=1024");
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "still running after 5 min");

    List<String> err = Files.readAllLines(tmp.resolve("oom.err"));
    assertEquals(1, p.exitValue(), String.join("\n", err));
    List<String> said = err.stream().filter(l -> l.startsWith("error: ") || l.startsWith("hint: ")).toList();
    assertEquals(2, said.size(), String.join("\n", err));
    assertTrue(said.get(0).startsWith("error: out of memory: "), said.get(0));
    assertTrue(said.get(1).contains("nas.space.channels") && said.get(1).contains("NAS_MAX_RSS")
        && said.get(1).contains("NAS_HEAP"), said.get(1));
    assertEquals(List.of(), stackLines(err), "nothing raw: " + String.join("\n", err));
  }
}
