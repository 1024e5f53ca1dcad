package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one job config through {@code NasMain} on {@code local[1]} and then {@code local[2]} in one JVM
 * (NasMain stops its session after each search, so the second run gets a fresh one) and records the
 * description of every Spark job they start. A JUnit extension: it installs the job listener and turns
 * the Spark UI off around each test.
 * <pre>{@code
 * @RegisterExtension final LocalModes modes = new LocalModes();
 * LocalModes.Runs runs = modes.search(conf, tmp.resolve("runs"), "darts");
 * runs.assertAgree("architecture", "supernet");
 * }</pre>
 */
final class LocalModes implements BeforeEachCallback, AfterEachCallback {

  /** The run directories of the two searches, each with its {@code _SUCCESS}. */
  record Runs(Path one, Path two) {
    JsonNode resultOne() throws IOException {
      return result(one);
    }

    JsonNode resultTwo() throws IOException {
      return result(two);
    }

    /** Each named field of result.json is there and equal on local[1] and local[2]. */
    void assertAgree(String... fields) throws IOException {
      JsonNode a = resultOne();
      JsonNode b = resultTwo();
      for (String f : fields) {
        assertNotNull(a.get(f), f + " in " + a.toPrettyString());
        assertEquals(a.get(f), b.get(f), f + " on local[1] and local[2]");
      }
    }

    private static JsonNode result(Path run) throws IOException {
      return TinyJobs.json(Files.readString(run.resolve("result.json")));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TinyJobs.assertNoActiveSparkContext();
    JobDescriptionsSeen.SEEN.clear();
    System.setProperty("spark.extraListeners", JobDescriptionsSeen.class.getName());
    System.setProperty("spark.ui.enabled", "false");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.clearProperty("spark.extraListeners");
    System.clearProperty("spark.ui.enabled");
  }

  /** {@code conf} (whose output is {@code runs}) searched on local[1], then local[2], as runs {@code <name>-local1, -local2}. */
  Runs search(Path conf, Path runs, String name) throws Exception {
    return new Runs(search(conf, runs, "local[1]", name + "-local1"), search(conf, runs, "local[2]", name + "-local2"));
  }

  /** The Spark job descriptions seen since the test began, in start order. */
  List<String> jobs() {
    return JobDescriptionsSeen.SEEN;
  }

  private static Path search(Path conf, Path runs, String master, String runId) throws Exception {
    TinyJobs.runOk("search", "--config", conf.toString(), "--master", master, "--set", "nas.run-id=" + runId);
    Path run = runs.resolve(runId);
    assertTrue(Files.exists(run.resolve("_SUCCESS")), "no _SUCCESS in " + run);
    return run;
  }
}
