package org.phirecords.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A plain grouped-bar chart (Java2D, headless): one panel per metric, one group per scenario. */
final class Chart {
  private static final Color[] SIDES = {
    new Color(0x1a, 0x4d, 0x8f), new Color(0x9a, 0x9a, 0x9a), new Color(0xd9, 0x8c, 0x1f)
  };

  /** A panel: title, and per scenario the values of each side (same order as {@code sides}). */
  record Panel(String title, String unit, Map<String, double[]> values) {}

  private Chart() {}

  static void write(Path file, String title, List<String> sides, List<Panel> panels)
      throws IOException {
    int width = 1100;
    int panelHeight = 330;
    int height = 70 + panels.size() * panelHeight;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, 20, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int s = 0; s < sides.size(); s++) {
      g.setColor(SIDES[s]);
      g.fillRect(20 + s * 220, 45, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(sides.get(s), 40 + s * 220, 57);
    }
    int top = 70;
    for (Panel panel : panels) {
      drawPanel(g, panel, 20, top, width - 40, panelHeight - 20);
      top += panelHeight;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void drawPanel(Graphics2D g, Panel panel, int x, int y, int w, int h) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(panel.title() + " (" + panel.unit() + ")", x, y + 16);
    int chartTop = y + 30;
    int chartBottom = y + h - 40;
    double max = 0;
    for (double[] v : panel.values().values()) {
      for (double d : v) {
        max = Math.max(max, d);
      }
    }
    max = max <= 0 ? 1 : max * 1.15;
    g.setStroke(new BasicStroke(1));
    g.setColor(Color.GRAY);
    g.drawLine(x + 40, chartBottom, x + w, chartBottom);
    int groups = panel.values().size();
    int groupWidth = (w - 60) / Math.max(1, groups);
    int i = 0;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (Map.Entry<String, double[]> e : panel.values().entrySet()) {
      int gx = x + 50 + i * groupWidth;
      double[] v = e.getValue();
      int barWidth = (groupWidth - 30) / v.length;
      for (int s = 0; s < v.length; s++) {
        int barHeight = (int) ((chartBottom - chartTop) * v[s] / max);
        g.setColor(SIDES[s]);
        g.fillRect(gx + s * barWidth, chartBottom - barHeight, barWidth - 4, barHeight);
        g.setColor(Color.BLACK);
        g.drawString(format(v[s]), gx + s * barWidth, chartBottom - barHeight - 3);
      }
      g.drawString(e.getKey(), gx, chartBottom + 16);
      i++;
    }
  }

  private static String format(double v) {
    return v >= 100 ? String.format("%.0f", v) : String.format("%.1f", v);
  }
}
