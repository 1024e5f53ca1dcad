package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BossNAS search (tiny NATS-size space, K = 2 paths as 2 tasks, the rating as 2-candidate tasks)
 * through {@code NasMain} on {@code local[1]} and {@code local[2]}: the same blocks, scores and answer,
 * its report pictures, and the paths and ratings ran as Spark jobs.
 */
@DisplayName("bossnas search: same block rankings and answer on local[1] and local[2]")
class BossnasLocalModesTest {

  @TempDir Path tmp;

  @RegisterExtension final LocalModes modes = new LocalModes();

  @Test
  @DisplayName("3 blocks rated; architecture, blocks and score identical; plots written; Spark jobs per step and rating")
  void agree() throws Exception {
    Path conf = TinyJobs.conf(tmp, "bossnas.conf", "bossnas", tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        "  space { name = nats-size, nats-size { widths = [4, 8], adapter-width = 8 } }\n"
            + "  train { batch-size = 8, steps-per-epoch = 2, eval-subset = 16, eval-batch-size = 8, shards = 2 }\n"
            + "  bossnas { epochs-per-block = 1, warmup-epochs = 0, views.padding = 1,"
            + " head { neck-hidden = 16, projection-dim = 8, predictor-hidden = 16 }, rating.paths-per-task = 2 }");
    LocalModes.Runs runs = modes.search(conf, tmp.resolve("runs"), "bossnas");
    runs.assertAgree("architecture", "architecture_score", "block_paths", "blocks", "candidates");
    JsonNode one = runs.resultOne();
    assertEquals(3, one.get("blocks").size(), one.toPrettyString());
    assertEquals(4, one.get("blocks").get(0).get("ranked").size());
    assertEquals(one.get("architecture").asText().split(":").length, 5);
    for (String png : new String[] {"loss.png", "bossnas-loss.png", "bossnas-scores.png", "bossnas-path.png"}) {
      assertTrue(Files.size(runs.one().resolve("report/" + png)) > 0, png);
    }
    assertTrue(modes.jobs().contains("bossnas/block-0/epoch-0/step-0/online"), "path tasks: " + modes.jobs());
    assertTrue(modes.jobs().contains("bossnas/block-2/rating/scores"), "rating tasks: " + modes.jobs());
  }
}
