package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  private static final Cifar10Reader READER = new Cifar10Reader();

  @TempDir Path dir;

  private static void assertRecord(ImageDataset d, int i, int source, int label) {
    assertEquals(label, d.label(i));
    // byte j of a record = plane c = j / 1024, row (j % 1024) / 32, column j % 32
    for (int j = 0; j < 3072; j += 97) {
      assertEquals(DataFixtures.pixelByte(source, j) / 255f, d.pixel(i, j / 1024, (j % 1024) / 32, j % 32), 0f);
    }
    float[] expected = new float[3072];
    for (int j = 0; j < expected.length; j++) {
      expected[j] = DataFixtures.pixelByte(source, j) / 255f;
    }
    assertArrayEquals(expected, d.image(i), 0f);
  }

  @Test
  @DisplayName("train reads the existing data_batch files in order; test reads test_batch")
  void roundTrip() throws IOException {
    Files.write(dir.resolve("data_batch_1.bin"), DataFixtures.cifarRecords(new int[] {6, 9}, 0));
    Files.write(dir.resolve("data_batch_3.bin"), DataFixtures.gzip(DataFixtures.cifarRecords(new int[] {4}, 2)));
    Files.write(dir.resolve("test_batch.bin"), DataFixtures.cifarRecords(new int[] {3}, 7));
    ImageDataset train = READER.read(dir.toUri().toString(), Split.TRAIN);
    assertEquals(3, train.size());
    assertEquals(3, train.channels());
    assertEquals(32, train.height());
    assertEquals(Cifar10Reader.NAME, train.name());
    assertRecord(train, 0, 0, 6);
    assertRecord(train, 1, 1, 9);
    assertRecord(train, 2, 2, 4);
    ImageDataset test = READER.read(dir.toString(), Split.TEST);
    assertEquals(1, test.size());
    assertRecord(test, 0, 7, 3);
  }

  @Test
  @DisplayName("the tarball's cifar-10-batches-bin sub-directory is found")
  void tarballLayout() throws IOException {
    Path sub = Files.createDirectory(dir.resolve(Cifar10Reader.TARBALL_DIR));
    Files.write(sub.resolve("data_batch_1.bin"), DataFixtures.cifarRecords(new int[] {1}, 0));
    assertEquals(1, READER.read(dir.toString(), Split.TRAIN).size());
  }

  @Test
  @DisplayName("missing data_batch_1.bin names the file")
  void missing() throws IOException {
    Files.write(dir.resolve("data_batch_2.bin"), DataFixtures.cifarRecords(new int[] {1}, 0));
    DatasetException e = assertThrows(DatasetException.class, () -> READER.read(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains(dir.resolve("data_batch_1.bin").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  @DisplayName("length not a multiple of 3073 names the file")
  void badLength() throws IOException {
    Files.write(dir.resolve("data_batch_1.bin"), DataFixtures.cifarRecords(new int[] {1}, 0));
    byte[] two = DataFixtures.cifarRecords(new int[] {1, 2}, 0);
    Files.write(dir.resolve("data_batch_2.bin"), Arrays.copyOf(two, two.length - 1));
    DatasetException e = assertThrows(DatasetException.class, () -> READER.read(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains(dir.resolve("data_batch_2.bin").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a multiple of the record size 3073"), e.getMessage());
  }

  @Test
  @DisplayName("label out of range names file and record")
  void labelOutOfRange() throws IOException {
    Files.write(dir.resolve("test_batch.bin"), DataFixtures.cifarRecords(new int[] {1, 200}, 0));
    DatasetException e = assertThrows(DatasetException.class, () -> READER.read(dir.toString(), Split.TEST));
    assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("label 200 of record 1 is out of range"), e.getMessage());
  }
}
