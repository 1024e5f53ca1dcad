package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("synthetic: split sizes, computed normalisation, batches from all three makers")
  void synthetic() {
    DataSettings s = DataSettings.defaults("synthetic", "")
        .withSynthetic(SyntheticDataset.defaults().withSizes(40, 10))
        .withAugmentation(new Augmentation(true, 2, true))
        .withSeed(3);
    DataSource d = Datasets.load(s);
    assertEquals("synthetic", d.name());
    assertEquals(20, d.search().train().size());
    assertEquals(20, d.search().valid().size());
    assertEquals(10, Datasets.loadTest(s, new Configuration()).size());
    assertEquals(Normalization.computed(d.search().train()).mean(0), d.normalization().mean(0));
    assertArrayEquals(new long[] {4, 1, 16, 16}, d.trainBatches().make(new int[] {0, 1, 2, 3}, 0).features().shape());
    assertEquals(2, d.validBatches().make(new int[] {0, 1}, 0).size());
  }

  @Test
  @DisplayName("fashion-mnist from generated files: subsets, published normalisation")
  void fashionMnist() throws IOException {
    int[] labels = new int[30];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    DataFixtures.writeIdxSet(dir, "train", 4, 4, labels, true);
    DataFixtures.writeIdxSet(dir, "t10k", 4, 4, new int[] {1, 2, 3, 4, 5}, false);
    DataSettings settings = DataSettings.defaults("fashion-mnist", dir.toUri().toString())
        .withTrainSubset(10).withTestSubset(3).withPortion(0.6);
    DataSource d = Datasets.load(settings);
    assertEquals(6, d.search().train().size());
    assertEquals(4, d.search().valid().size());
    assertEquals(3, Datasets.loadTest(settings, new Configuration()).size());
    ImageDataset retrain = Datasets.loadTrain(settings, new Configuration());
    assertArrayEquals(sortedLabels(d), retrain.labels(), "a retrain reads the images the search split in two");
    assertSame(Normalization.FASHION_MNIST, d.normalization());
    DataSource raw = Datasets.load(DataSettings.defaults("fashion-mnist", dir.toString()).withNormalise(false));
    assertEquals(15, raw.search().train().size());
    assertEquals(0f, raw.normalization().mean(0));
  }

  @Test
  @DisplayName("cifar10: a search load never opens the test batch; the test load names a corrupt one")
  void cifarCorruptTest() throws IOException {
    Files.write(dir.resolve("data_batch_1.bin"), DataFixtures.cifarRecords(new int[] {0, 1, 2, 3}, 0));
    Files.write(dir.resolve("test_batch.bin"), new byte[100]);
    DataSettings s = DataSettings.defaults("cifar10", dir.toString());
    assertEquals(2, Datasets.load(s).search().train().size());
    DatasetException e = assertThrows(DatasetException.class, () -> Datasets.loadTest(s, new Configuration()));
    assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
  }

  /** The labels of both search halves in file order. */
  private static int[] sortedLabels(DataSource d) {
    int[] t = d.search().trainIndices();
    int[] v = d.search().validIndices();
    int[] all = new int[t.length + v.length];
    java.util.Map<Integer, Integer> label = new java.util.TreeMap<>();
    for (int i = 0; i < t.length; i++) {
      label.put(t[i], d.search().train().label(i));
    }
    for (int i = 0; i < v.length; i++) {
      label.put(v[i], d.search().valid().label(i));
    }
    int k = 0;
    for (int l : label.values()) {
      all[k++] = l;
    }
    return all;
  }

  @Test
  @DisplayName("unknown format names the value and the accepted ones")
  void unknownFormat() {
    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.load(DataSettings.defaults("mnist-color", "/tmp")));
    assertTrue(e.getMessage().contains("'mnist-color'"), e.getMessage());
    assertTrue(e.getMessage().contains("cifar10"), e.getMessage());
  }
}
