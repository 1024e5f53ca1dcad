package org.sparknas.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.retrain.ScratchCurve;
import org.sparknas.core.retrain.ScratchTraining;
import org.sparknas.core.train.TrainSettings;
import org.sparknas.spaces.nb201.Nb201Space;

/**
 * From-scratch training of one nb201 architecture on the planted-pattern task (4 classes, chance 0.25):
 * a convolutional cell learns the patterns, a cell whose every edge is {@code none} cannot.
 */
class ScratchTrainingTest {
  private static final String CONV = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
  private static final String NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
  private static final int EPOCHS = 6;
  private static ScratchTraining training;
  private static ScratchCurve conv;

  @BeforeAll
  static void train() {
    DataSource data = Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(384, 32, 4, 1, 8, 8, 1.0, 1.0)).withSeed(3));
    // 192 weight-half images: 12 steps of 16 per epoch; scored on all 192 validation images
    TrainSettings settings = new TrainSettings(new TrainSettings.Schedule(EPOCHS, 16, 0, 0.05, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5.0), new TrainSettings.Scoring(0, 48), 1, 1e9);
    training = new ScratchTraining(new Nb201Space(4, 1, 1, new long[] {1, 8, 8}, 4), data, settings);
    conv = training.train(CONV, 11L, "test/conv");
  }

  @Test
  @DisplayName("returns one validation and training value per epoch, accuracies over the 192 validation images")
  void curveShape() {
    assertEquals(CONV, conv.architecture());
    assertEquals(EPOCHS, conv.epochs());
    assertEquals(EPOCHS, conv.trainLoss().length);
    assertEquals(EPOCHS, conv.trainAccuracy().length);
    for (double a : conv.valAccuracy()) {
      assertEquals(Math.rint(a * 192), a * 192, 1e-9, Arrays.toString(conv.valAccuracy()));
    }
    assertEquals(conv.valAccuracy()[EPOCHS - 1], conv.finalAccuracy());
  }

  @Test
  @DisplayName("a convolutional cell learns the planted patterns; an all-none cell stays at the majority class")
  void learns() {
    assertTrue(conv.finalAccuracy() > 0.6, "conv cell: " + Arrays.toString(conv.valAccuracy()) + " train " + Arrays.toString(conv.trainAccuracy()));
    assertTrue(conv.trainLoss()[EPOCHS - 1] < conv.trainLoss()[0], "loss falls: " + Arrays.toString(conv.trainLoss()));
    ScratchCurve none = training.train(NONE, 11L, "test/none");
    assertTrue(none.finalAccuracy() < 0.4, "all-none cell: " + Arrays.toString(none.valAccuracy()));
  }

  @Test
  @DisplayName("same seed, same curve exactly; another seed, another curve")
  void deterministic() {
    ScratchCurve again = training.train(CONV, 11L, "test/again");
    assertArrayEquals(conv.valAccuracy(), again.valAccuracy());
    assertArrayEquals(conv.valLoss(), again.valLoss());
    assertArrayEquals(conv.trainLoss(), again.trainLoss());
    ScratchCurve other = training.train(CONV, 12L, "test/other");
    assertFalse(Arrays.equals(conv.valLoss(), other.valLoss()), "another seed must start from other weights");
  }
}
