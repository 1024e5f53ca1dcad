package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test split never enters a search: a search's data is read through a filesystem that records
 * every file opened, and the Fashion-MNIST {@code t10k} files are not among them; a retrain of the
 * found architecture opens them, after its training files; resubmitted once complete, it opens none.
 */
class TestSplitIsolationTest {
  @TempDir Path tmp;

  @BeforeEach
  void recordReads() {
    System.setProperty("spark.hadoop.fs.recording.impl", RecordingFileSystem.class.getName());
    System.setProperty("spark.ui.enabled", "false");
    RecordingFileSystem.OPENED.clear();
  }

  @AfterEach
  void clear() {
    System.clearProperty("spark.hadoop.fs.recording.impl");
    System.clearProperty("spark.ui.enabled");
  }

  @Test
  @DisplayName("a search opens only the training files; the retrain opens t10k, last")
  void searchNeverReadsTheTestSplit() throws Exception {
    Path conf = recordedConf();

    TinyJobs.runOk("search", "--config", conf.toString(), "--set", "nas.run-id=s", "--master", "local[2]");
    List<String> bySearch = List.copyOf(RecordingFileSystem.OPENED);
    assertTrue(bySearch.stream().anyMatch(p -> p.endsWith("train-images-idx3-ubyte")), bySearch.toString());
    assertFalse(bySearch.stream().anyMatch(p -> p.contains("t10k")), "the search read " + bySearch);

    RecordingFileSystem.OPENED.clear();
    TinyJobs.runOk("retrain", "--config", conf.toString(), "--set",
        "nas.retrain.from-run=" + tmp.resolve("runs/s").toUri(), "--set", "nas.run-id=r");
    List<String> byRetrain = List.copyOf(RecordingFileSystem.OPENED);
    assertEquals(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"), byRetrain.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList());
  }

  @Test
  @DisplayName("a complete retrain resubmitted under its id is read back without opening any data")
  void completeRetrainReadsNoData() throws Exception {
    Path conf = recordedConf();
    String[] retrain = {"retrain", "--config", conf.toString(), "--set",
        "nas.retrain.architecture=" + RetrainJobTest.CELL, "--set", "nas.run-id=r"};
    TinyJobs.runOk(retrain);
    assertFalse(RecordingFileSystem.OPENED.isEmpty());

    RecordingFileSystem.OPENED.clear();
    TinyJobs.runOk(retrain);
    assertEquals(List.of(), List.copyOf(RecordingFileSystem.OPENED));
  }

  /** A tiny Fashion-MNIST directory read through the recording filesystem, and a config that searches it. */
  private Path recordedConf() throws Exception {
    IdxFixtures.smallDataset(FileSystem.getLocal(new Configuration()), tmp.resolve("fm").toString());
    String data = RecordingFileSystem.SCHEME + "://" + tmp.resolve("fm");
    return TinyJobs.conf(tmp, "rec.conf", "rsps", tmp.resolve("runs").toString(),
        "format = fashion-mnist, path = \"" + data + "\"", "retrain { epochs = 1 }");
  }
}
