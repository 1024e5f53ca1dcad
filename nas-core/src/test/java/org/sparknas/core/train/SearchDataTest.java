package org.sparknas.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;

/**
 * The step budget of a search is checked against the data, naming the config key that is wrong; search
 * batches carry recipes that remake them, shard by shard.
 */
class SearchDataTest {

  /** 100 synthetic 8x8 images: 50 weight-training and 50 architecture-validation images at portion 0.5. */
  private static DataSource data(double portion) {
    return Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(100, 20, 4, 1, 8, 8, 1.0, 1.0)).withPortion(portion).withSeed(3));
  }

  private static TrainSettings train(int batch, int stepsPerEpoch) {
    return new TrainSettings(new TrainSettings.Schedule(1, batch, stepsPerEpoch, 0.025, 0.001),
        new TrainSettings.SgdSettings(0.9, false, 3e-4, 5), new TrainSettings.Scoring(0, 256), 1, 30);
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

  @Test
  @DisplayName("data-parallel shards of augmented search batches travel as recipes that remake exactly their rows")
  void shardsTravelAsRecipes() {
    DataSource augmented = Datasets.load(DataSettings.defaults(SyntheticDataset.NAME, "")
        .withSynthetic(new SyntheticDataset(100, 20, 4, 1, 8, 8, 1.0, 1.0))
        .withAugmentation(new Augmentation(true, 2, true)).withSeed(5));
    SearchData d = new SearchData(augmented, train(16, 0), 1);
    for (Batch batch : new Batch[] {d.trainBatch(1, 2), d.validBatch(7), d.randomTrainBatch(4)}) {
      List<DataParallel.Shard> shards = DataParallel.split(batch, 3);
      int from = 0;
      for (DataParallel.Shard shard : shards) {
        assertEquals(null, shard.pixels(), "a loadable source's shard carries no pixels");
        Batch rows = shard.batch();
        int to = from + rows.size();
        assertArrayEquals(slice(batch.features(), from, to), rows.features().data().asFloat());
        assertArrayEquals(slice(batch.labels(), from, to), rows.labels().data().asFloat());
        from = to;
      }
      assertEquals(batch.size(), from);
    }
    Batch inMemory = new Batch(d.trainBatch(0, 0).features(), d.trainBatch(0, 0).labels(), d.trainBatch(0, 0).classes());
    assertEquals(null, DataParallel.split(inMemory, 2).get(0).recipe(), "a batch without a recipe travels as pixels");
  }

  private static float[] slice(INDArray a, int from, int to) {
    return a.get(NDArrayIndex.interval(from, to)).dup().data().asFloat();
  }
}
