package org.sparknas.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlotsTest {

  @Test
  @DisplayName("epoch curves render to an 800x500 PNG; rows without the metrics give no chart")
  void rendersPng() throws Exception {
    List<Map<String, Object>> rows = List.of(Map.of("epoch", 1, "val_accuracy", 0.5),
        Map.of("epoch", 2, "val_accuracy", 0.7), Map.of("phase", "rsps/candidates"));
    byte[] png = Plots.epochCurves("test", rows, List.of("val_accuracy", "train_accuracy"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() == 800 && image.getHeight() == 500);
    assertNull(Plots.epochCurves("none", rows, List.of("sharpness")));
  }

  @Test
  @DisplayName("alpha trajectories: one panel per edge (taller image for more edges); rows without alphas give none")
  void alphaTrajectories() throws Exception {
    // as metrics.jsonl stores them: group -> edges -> softmax weights
    List<Map<String, Object>> rows = List.of(
        Map.of("epoch", 1, "alphas", Map.of("cell", List.of(List.of(0.5, 0.5), List.of(0.4, 0.6), List.of(0.9, 0.1)))),
        Map.of("epoch", 2, "alphas", Map.of("cell", List.of(List.of(0.3, 0.7), List.of(0.2, 0.8), List.of(0.95, 0.05)))));
    byte[] png = Plots.alphaTrajectories("alphas", Map.of("darts", rows, "sddarts", rows), "cell",
        List.of("none", "skip_connect"));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() == 900 && image.getHeight() == 220 * 3 + 120, image.getWidth() + "x" + image.getHeight());
    assertNull(Plots.alphaTrajectories("alphas", Map.of("darts", List.of(Map.of("epoch", 1))), "cell", List.of("a")));
  }

  @Test
  @DisplayName("a scatter plot renders to an 800x500 PNG with its points drawn")
  void scatter() throws Exception {
    byte[] png = Plots.scatter("one-shot", "ground truth", "score", new double[] {0.1, 0.5, 0.9},
        new double[] {0.2, 0.4, 0.8});
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image.getWidth() == 800 && image.getHeight() == 500);
    int pointPixels = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        pointPixels += (image.getRGB(x, y) & 0xFFFFFF) == 0x1F77B4 ? 1 : 0;
      }
    }
    assertTrue(pointPixels > 0, "no point drawn");
  }
}
