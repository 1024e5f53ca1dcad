package org.sparknas.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistReaderTest {
  private static final int[] LABELS = {9, 0, 3, 7, 1};
  private static final FashionMnistReader READER = new FashionMnistReader();

  @TempDir Path dir;

  private static void assertContents(ImageDataset d, int rows, int cols, int[] labels) {
    assertEquals(FashionMnistReader.NAME, d.name());
    assertEquals(labels.length, d.size());
    assertEquals(1, d.channels());
    assertEquals(rows, d.height());
    assertEquals(cols, d.width());
    assertEquals(10, d.numClasses());
    assertArrayEquals(labels, d.labels());
    for (int i = 0; i < labels.length; i++) {
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          assertEquals(DataFixtures.pixelByte(i, y * cols + x) / 255f, d.pixel(i, 0, y, x), 0f);
        }
      }
    }
  }

  private DatasetException corrupt(String file, byte[] content) throws IOException {
    DataFixtures.writeIdxSet(dir, "train", 3, 4, LABELS, false);
    Files.write(dir.resolve(file), content);
    DatasetException e = assertThrows(DatasetException.class, () -> READER.read(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains(dir.resolve(file).toString()), e.getMessage());
    return e;
  }

  @Test
  @DisplayName("plain IDX files read back exactly, from a plain path")
  void plainFiles() throws IOException {
    DataFixtures.writeIdxSet(dir, "train", 3, 4, LABELS, false);
    assertContents(READER.read(dir.toString(), Split.TRAIN), 3, 4, LABELS);
  }

  @Test
  @DisplayName("gzipped IDX files read back exactly, from a file:// URI")
  void gzippedFiles() throws IOException {
    int[] labels = {2, 8};
    DataFixtures.writeIdxSet(dir, "t10k", 5, 2, labels, true);
    assertContents(READER.read(dir.toUri().toString(), Split.TEST), 5, 2, labels);
    assertTrue(dir.toUri().toString().startsWith("file:"));
  }

  @Test
  @DisplayName("compression is detected by magic bytes, not by name")
  void gzipByMagic() throws IOException {
    byte[] img = DataFixtures.idxImages(FashionMnistReader.IMAGES_MAGIC, LABELS.length, 3, 4);
    byte[] lab = DataFixtures.idxLabels(FashionMnistReader.LABELS_MAGIC, LABELS);
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), img); // plain data under a .gz name
    Files.write(dir.resolve("train-labels-idx1-ubyte"), DataFixtures.gzip(lab)); // gzip under a plain name
    assertContents(READER.read(dir.toString(), Split.TRAIN), 3, 4, LABELS);
  }

  @Test
  @DisplayName("missing file names the file")
  void missing() throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte"),
        DataFixtures.idxImages(FashionMnistReader.IMAGES_MAGIC, 1, 2, 2));
    DatasetException e = assertThrows(DatasetException.class, () -> READER.read(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
    DatasetException none = assertThrows(DatasetException.class,
        () -> READER.read(dir.resolve("nowhere").toString(), Split.TEST));
    assertTrue(none.getMessage().contains("nowhere/t10k-images-idx3-ubyte"), none.getMessage());
  }

  @Test
  @DisplayName("wrong magic number says expected and got")
  void wrongMagic() throws IOException {
    DatasetException e = corrupt("train-images-idx3-ubyte",
        DataFixtures.idxLabels(FashionMnistReader.LABELS_MAGIC, new int[784]));
    assertTrue(e.getMessage().contains("expected 2051, got 2049"), e.getMessage());
  }

  @Test
  @DisplayName("truncated image file says expected and actual byte counts")
  void truncated() throws IOException {
    byte[] img = DataFixtures.idxImages(FashionMnistReader.IMAGES_MAGIC, LABELS.length, 3, 4);
    DatasetException e = corrupt("train-images-idx3-ubyte", Arrays.copyOf(img, img.length - 5));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("expected " + img.length + " bytes, got " + (img.length - 5)), e.getMessage());
    DatasetException header = corrupt("train-images-idx3-ubyte", new byte[7]);
    assertTrue(header.getMessage().contains("truncated"), header.getMessage());
  }

  @Test
  @DisplayName("truncated gzip stream names the file")
  void truncatedGzip() throws IOException {
    byte[] gz = DataFixtures.gzip(DataFixtures.idxLabels(FashionMnistReader.LABELS_MAGIC, LABELS));
    DataFixtures.writeIdxSet(dir, "train", 3, 4, LABELS, false);
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
    DatasetException e = assertThrows(DatasetException.class, () -> READER.read(dir.toString(), Split.TRAIN));
    assertTrue(e.getMessage().contains(dir.resolve("train-labels-idx1-ubyte.gz").toString()), e.getMessage());
  }

  @Test
  @DisplayName("image/label count mismatch names both files")
  void countMismatch() throws IOException {
    DatasetException e = corrupt("train-labels-idx1-ubyte",
        DataFixtures.idxLabels(FashionMnistReader.LABELS_MAGIC, new int[] {1, 2, 3}));
    assertTrue(e.getMessage().contains("count mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
  }

  @Test
  @DisplayName("label out of range names file and value")
  void labelOutOfRange() throws IOException {
    DatasetException e = corrupt("train-labels-idx1-ubyte",
        DataFixtures.idxLabels(FashionMnistReader.LABELS_MAGIC, new int[] {1, 2, 10, 3, 4}));
    assertTrue(e.getMessage().contains("label 10 of image 2 is out of range"), e.getMessage());
  }

  @Test
  @DisplayName("real Fashion-MNIST train file: 60000 images, first labels 9 and 0")
  void realFashionMnist() {
    Path real = Path.of(FashionMnistReader.DEFAULT_DIR);
    Assumptions.assumeTrue(Files.isRegularFile(real.resolve("train-labels-idx1-ubyte.gz"))
        || Files.isRegularFile(real.resolve("train-labels-idx1-ubyte")), "dataset-fashion-mnist not installed");
    ImageDataset d = READER.read(FashionMnistReader.DEFAULT_DIR, Split.TRAIN);
    assertEquals(60000, d.size());
    assertEquals(28, d.height());
    assertEquals(28, d.width());
    assertEquals(9, d.label(0));
    assertEquals(0, d.label(1));
    for (int count : d.classCounts()) {
      assertEquals(6000, count);
    }
  }
}
