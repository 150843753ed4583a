package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
  @TempDir Path dir;

  private static final double[] READS = {48, 63, 67};
  private static final double[] LOOKUPS = {685, 2574, 23646};

  @Test
  void onItsOwnScaleAScenarioHundredsOfTimesSmallerFillsItsGroupAsMuch() throws IOException {
    // Two panels of two scenarios each: reads beside lookups, and lookups beside lookups. With a
    // scale per scenario the raw driver's bar of the reads is as tall as that of the lookups.
    long mixed = pixels(draw(panel(true, READS, LOOKUPS)), Chart.SIDES[2]);
    long same = pixels(draw(panel(true, LOOKUPS, LOOKUPS)), Chart.SIDES[2]);
    assertThat((double) mixed).isCloseTo(same, within(same * 0.02));
    // On one shared scale the reads' bars all but vanish (what the chart used to show).
    long shared = pixels(draw(panel(false, READS, LOOKUPS)), Chart.SIDES[2]);
    assertThat((double) shared).isLessThan(same * 0.55);
  }

  @Test
  void aSharedScaleDrawsItsTargetAcrossThePanelAtItsValue() throws IOException {
    Map<String, double[]> ratios = new LinkedHashMap<>();
    ratios.put("reads", new double[] {1.0});
    ratios.put("lookups", new double[] {0.25});
    BufferedImage image = draw(new Chart.Panel("Secured / baseline", "ratio", ratios, false, 0.5));
    int targetRow = -1;
    for (int y = 0; y < image.getHeight() && targetRow < 0; y++) {
      if (run(image, y, Chart.TARGET) > image.getWidth() / 2) {
        targetRow = y;
      }
    }
    assertThat(targetRow).as("a dashed line across the panel").isPositive();
    // The reads' bar (1.0) is twice the target's height and the lookups' (0.25) half of it,
    // measured from the axis: the bottom of the bars.
    int bottom = bottomOf(image, Chart.SIDES[0]);
    int readsTop = topOf(image, Chart.SIDES[0], image.getWidth() / 4);
    assertThat((double) (bottom - readsTop)).isCloseTo(2.0 * (bottom - targetRow), within(4.0));
    int lookupsTop = topOf(image, Chart.SIDES[0], 3 * image.getWidth() / 4);
    assertThat((double) (bottom - lookupsTop)).isCloseTo(0.5 * (bottom - targetRow), within(4.0));
  }

  private static Chart.Panel panel(boolean ownScale, double[] first, double[] second) {
    Map<String, double[]> values = new LinkedHashMap<>();
    values.put("first", first);
    values.put("second", second);
    return new Chart.Panel("Throughput", "operations/s", values, ownScale, Double.NaN);
  }

  private BufferedImage draw(Chart.Panel panel) throws IOException {
    Path file = dir.resolve("chart.png");
    Chart.write(file, "test", List.of("secured", "baseline", "raw"), List.of(panel));
    return ImageIO.read(file.toFile());
  }

  private static long pixels(BufferedImage image, Color color) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        n += image.getRGB(x, y) == color.getRGB() ? 1 : 0;
      }
    }
    return n;
  }

  /** Pixels of {@code color} in row {@code y}. */
  private static int run(BufferedImage image, int y, Color color) {
    int n = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      n += image.getRGB(x, y) == color.getRGB() ? 1 : 0;
    }
    return n;
  }

  /** The lowest row holding {@code color}, below the legend. */
  private static int bottomOf(BufferedImage image, Color color) {
    for (int y = image.getHeight() - 1; y > 70; y--) {
      if (run(image, y, color) > 0) {
        return y;
      }
    }
    throw new AssertionError("no bar");
  }

  /** The highest row of {@code color} in the half of the image around column {@code x}. */
  private static int topOf(BufferedImage image, Color color, int x) {
    int from = x - image.getWidth() / 4;
    int to = x + image.getWidth() / 4;
    for (int y = 70; y < image.getHeight(); y++) {
      for (int c = from; c < to; c++) {
        if (image.getRGB(c, y) == color.getRGB()) {
          return y;
        }
      }
    }
    throw new AssertionError("no bar");
  }
}
