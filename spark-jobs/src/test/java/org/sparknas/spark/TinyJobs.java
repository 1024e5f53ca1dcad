package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkContext$;

/** Tiny job configs (nb201 with 4 channels, one cell, one stage; a handful of steps) and helpers for CLI tests. */
final class TinyJobs {
  static final ObjectMapper JSON = new ObjectMapper();

  private TinyJobs() {}

  /**
   * A job config file in {@code dir}: {@code method} on a tiny nb201 supernet, data and output given in
   * HOCON (the data block's body), one epoch unless {@code extra} says otherwise.
   */
  static Path conf(Path dir, String name, String method, String output, String dataBody, String extra)
      throws IOException {
    String text = String.join("\n",
        "nas {",
        "  method = " + method,
        "  seed = 5",
        "  output = \"" + output + "\"",
        "  space { name = nb201, channels = 4, cells = 1, stages = 1 }",
        "  data { " + dataBody + " }",
        "  train { epochs = 1, batch-size = 16, eval-subset = 0, eval-batch-size = 32, log-every-seconds = 600 }",
        "  rsps { candidates = 6 }",
        extra,
        "}", "");
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** The synthetic data block: 64 planted-pattern 8x8 images of 3 classes (32 train weights, 32 architecture). */
  static String synthetic() {
    return "format = synthetic, synthetic { size = 64, classes = 3, channels = 1, height = 8, width = 8 }";
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  static void assertNoActiveSparkContext() {
    assertTrue(SparkContext$.MODULE$.getActive().isEmpty(), "a SparkContext is still active");
  }

  /** What a command did: its exit status and the lines it printed on stdout and stderr (the log aside). */
  record Outcome(int status, List<String> out, List<String> err) {}

  /** Runs the CLI as {@code main} would, without exiting, capturing what it prints. */
  static Outcome execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int status;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      status = NasMain.execute(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
    return new Outcome(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** Runs the CLI and checks it reports success. */
  static void runOk(String... args) throws Exception {
    assertEquals(0, NasMain.run(args), String.join(" ", args));
    assertNoActiveSparkContext();
  }
}
