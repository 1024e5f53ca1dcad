package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.strategy.TrainSettings;

/** The step budget of a search is checked against the data, naming the config key that is wrong. */
class SearchDataTest {

  /** 100 synthetic 8x8 images: 50 weight-training and 50 architecture-validation images at portion 0.5. */
  private static DataSource data(double portion) {
    return Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(100, 20, 4, 1, 8, 8, 1.0, 1.0)).withPortion(portion).withSeed(3));
  }

  private static TrainSettings train(int batch, int stepsPerEpoch) {
    return new TrainSettings(1, batch, stepsPerEpoch, 0.025, 0.001, 0.9, false, 3e-4, 5, 0, 256, 30);
  }

  @Test
  @DisplayName("steps-per-epoch 0 means one pass over the weight half (last partial batch dropped); n means n")
  void stepsPerEpoch() {
    assertEquals(3, new SearchData(data(0.5), train(16, 0), 1).stepsPerEpoch());
    assertEquals(2, new SearchData(data(0.5), train(16, 2), 1).stepsPerEpoch());
    assertEquals(3, new SearchData(data(0.5), train(16, 3), 1).stepsPerEpoch());
  }

  @Test
  @DisplayName("more steps per epoch than one pass holds fails naming nas.train.steps-per-epoch")
  void tooManySteps() {
    ConfigException e = assertThrows(ConfigException.class, () -> new SearchData(data(0.5), train(16, 4), 1));
    assertEquals("nas.train.steps-per-epoch", e.key());
    assertTrue(e.getMessage().contains("4 steps exceed one pass"), e.getMessage());
    assertTrue(e.getMessage().contains("3 batches of 16"), e.getMessage());
  }

  @Test
  @DisplayName("a batch larger than the weight half fails naming nas.train.batch-size")
  void batchLargerThanTrainHalf() {
    ConfigException e = assertThrows(ConfigException.class, () -> new SearchData(data(0.5), train(64, 0), 1));
    assertEquals("nas.train.batch-size", e.key());
    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }

  @Test
  @DisplayName("a batch larger than the validation half fails naming nas.train.batch-size")
  void batchLargerThanValidHalf() {
    ConfigException e = assertThrows(ConfigException.class, () -> new SearchData(data(0.8), train(32, 0), 1));
    assertEquals("nas.train.batch-size", e.key());
    assertTrue(e.getMessage().contains("20"), e.getMessage());
  }

  @Test
  @DisplayName("batches are a function of (seed, epoch, step): same seed, same pixels")
  void reproducible() {
    SearchData a = new SearchData(data(0.5), train(16, 0), 5);
    SearchData b = new SearchData(data(0.5), train(16, 0), 5);
    assertArrayEquals(a.trainBatch(1, 2).classes(), b.trainBatch(1, 2).classes());
    assertEquals(a.trainBatch(1, 2).features(), b.trainBatch(1, 2).features());
    assertEquals(a.validBatch(7).features(), b.validBatch(7).features());
    assertEquals(a.globalStep(2, 1), 7);
  }
}
