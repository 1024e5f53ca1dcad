package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The metrics row as written: one fixed column order, parts a method does not measure left out. */
class EpochRowTest {

  @Test
  @DisplayName("a row with every part: the columns in the order metrics.jsonl has always had")
  void everyPart() {
    EpochRow row = EpochRow.head("fewshot-gm/darts", 2, 0.1, 1.5, 0.25)
        .withSubnet(new EpochRow.Subnet("0.1", 2, true))
        .withTau(0.5)
        .withDistillation(new EpochRow.Distillation(1.0, 0.2, 3, 2))
        .withValidation(new EpochRow.Validation(1.25, 0.5, "|none~0|", Map.of("cell", new double[][] {{1}})))
        .withAnalysis(new EpochRow.Analysis(4.0, 0.375, 1.75, 0.125))
        .withElapsedSeconds(7.5);
    assertEquals(List.of("phase", "epoch", "lr", "train_loss", "train_accuracy", "subnet", "level", "alphas_trained",
        "tau", "distillation_lambda", "distillation_kl", "distilled_steps", "teachers", "val_loss", "val_accuracy",
        "architecture", "alphas", "sharpness", "derived_val_accuracy", "derived_val_loss", "gap", "elapsed_seconds"),
        List.copyOf(row.columns().keySet()));
    assertEquals(3, row.columns().get("epoch"), "1-based in the row");
    assertEquals("0.1", row.columns().get("subnet"));
    assertEquals(3, row.columns().get("distilled_steps"));
    assertEquals(0.125, row.columns().get("gap"));
  }

  @Test
  @DisplayName("a head-only row (RSPS) and an analysis with sharpness only")
  void someParts() {
    EpochRow rsps = EpochRow.head("rsps", 0, 0.025, 2.0, 0.5).withElapsedSeconds(1.0);
    assertEquals(List.of("phase", "epoch", "lr", "train_loss", "train_accuracy", "elapsed_seconds"),
        List.copyOf(rsps.columns().keySet()));
    EpochRow sharp = rsps.withAnalysis(new EpochRow.Analysis(2.0, null, null, null));
    assertEquals(List.of("phase", "epoch", "lr", "train_loss", "train_accuracy", "sharpness", "elapsed_seconds"),
        List.copyOf(sharp.columns().keySet()));
  }
}
