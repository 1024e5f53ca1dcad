package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few-shot search (random splitter, two splits, DARTS base) through {@code NasMain} on {@code local[1]}
 * and {@code local[2]}: each level's sub-supernets train as Spark tasks of one job, two at a time on
 * local[2], and both runs write the same split tree, candidates and answer in {@code result.json}.
 */
@DisplayName("few-shot search: same split tree and answer on local[1] and local[2]")
class FewShotLocalModesTest {

  @TempDir Path tmp;

  @RegisterExtension final LocalModes modes = new LocalModes();

  @Test
  @DisplayName("2 splits -> 4 sub-supernets; splits, candidates and architecture identical; tree drawn")
  void agree() throws Exception {
    Path conf = TinyJobs.conf(tmp, "fewshot.conf", "fewshot-gm", tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        "  fewshot { splitter = random, split-epochs = [1, 2], warmup-epochs = 1 }\n  train { steps-per-epoch = 1 }");
    LocalModes.Runs runs = modes.search(conf, tmp.resolve("runs"), "fewshot");
    runs.assertAgree("splits", "candidates", "architecture", "sub_supernets");
    assertEquals(2, runs.resultTwo().get("executors").asInt());

    JsonNode one = runs.resultOne();

    assertEquals(3, one.get("splits").size(), one.toPrettyString());
    JsonNode rootSplit = one.get("splits").get(0);
    assertEquals("root", rootSplit.get("supernet").asText());
    assertEquals(2, rootSplit.get("groups").size());
    assertEquals(5, rootSplit.get("groups").get(0).size() + rootSplit.get("groups").get(1).size(),
        "the five nb201 ops of the edge, cut in two");
    assertTrue(rootSplit.has("distances") && rootSplit.has("score") && rootSplit.has("edge"));
    assertEquals("[\"0\",\"1\"]", rootSplit.get("children").toString());
    assertEquals(4, one.get("candidates").size());
    double best = -1;
    String bestArch = null;
    for (JsonNode c : one.get("candidates")) {
      assertTrue(c.get("source").asText().startsWith("sub-supernet "), c.toString());
      if (c.get("score").asDouble() > best) {
        best = c.get("score").asDouble();
        bestArch = c.get("architecture").asText();
      }
    }
    assertEquals(bestArch, one.get("architecture").asText());
    assertTrue(Files.size(runs.one().resolve("report/split-tree.png")) > 0);
    long subnetRows = Files.readAllLines(runs.one().resolve("metrics.jsonl")).stream()
        .filter(l -> l.contains("\"subnet\"") && l.contains("\"train_loss\"")).count();
    assertEquals(1 + 2 + 4, subnetRows, "one row per sub-supernet and epoch");
    assertTrue(modes.jobs().contains("fewshot-gm/level-2/train"),
        "each level trains as one Spark job: " + modes.jobs());
  }
}
