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
  static final Color[] SIDES = {
    new Color(0x1a, 0x4d, 0x8f),
    new Color(0x6a, 0x3d, 0x9a),
    new Color(0x9a, 0x9a, 0x9a),
    new Color(0xd9, 0x8c, 0x1f)
  };

  /** The colour of a panel's target line. */
  static final Color TARGET = new Color(0xc0, 0x1f, 0x1f);

  /**
   * A panel: title, and per scenario the values of each side (same order as {@code sides}). With
   * {@code ownScale} each scenario's bars are scaled to that scenario's largest value (scenarios
   * whose figures differ a hundredfold stay readable; the labels carry the values); otherwise all
   * share one scale, with a dashed line at {@code target} unless it is NaN.
   */
  record Panel(
      String title, String unit, Map<String, double[]> values, boolean ownScale, double target) {}

  private Chart() {}

  static void write(Path file, String title, List<String> sides, List<Panel> panels)
      throws IOException {
    write(file, title, sides, List.of(SIDES).subList(0, sides.size()), panels);
  }

  /**
   * As {@link #write(Path, String, List, List)}, with a colour for each side (the bars of a group
   * take the colours in order), so that a side keeps its colour when another is missing.
   */
  static void write(
      Path file, String title, List<String> sides, List<Color> colours, List<Panel> panels)
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
      g.setColor(colours.get(s));
      g.fillRect(20 + s * 260, 45, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(sides.get(s), 40 + s * 260, 57);
    }
    int top = 70;
    for (Panel panel : panels) {
      drawPanel(g, panel, colours, 20, top, width - 40, panelHeight - 20);
      top += panelHeight;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void drawPanel(
      Graphics2D g, Panel panel, List<Color> colours, int x, int y, int w, int h) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(
        panel.title()
            + " ("
            + panel.unit()
            + (panel.ownScale() ? "; each scenario on its own scale" : "")
            + ")",
        x,
        y + 16);
    int chartTop = y + 30;
    int chartBottom = y + h - 40;
    double shared = panel.target() > 0 ? panel.target() : 0;
    for (double[] v : panel.values().values()) {
      shared = Math.max(shared, max(v));
    }
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
      double scale = headroom(panel.ownScale() ? max(v) : shared);
      int barWidth = (groupWidth - 30) / v.length;
      for (int s = 0; s < v.length; s++) {
        int barHeight = (int) ((chartBottom - chartTop) * v[s] / scale);
        g.setColor(colours.get(s));
        g.fillRect(gx + s * barWidth, chartBottom - barHeight, barWidth - 4, barHeight);
        g.setColor(Color.BLACK);
        g.drawString(format(v[s]), gx + s * barWidth, chartBottom - barHeight - 3);
      }
      g.drawString(e.getKey(), gx, chartBottom + 16);
      i++;
    }
    if (!panel.ownScale() && !Double.isNaN(panel.target())) {
      int ty = chartBottom - (int) ((chartBottom - chartTop) * panel.target() / headroom(shared));
      g.setColor(TARGET);
      g.setStroke(
          new BasicStroke(
              2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {8, 4}, 0));
      g.drawLine(x + 40, ty, x + w, ty);
      g.setStroke(new BasicStroke(1));
      g.drawString("target " + format(panel.target()), x + w - 80, ty - 4);
    }
  }

  private static double max(double[] values) {
    double max = 0;
    for (double d : values) {
      max = Math.max(max, d);
    }
    return max;
  }

  /** The value at a panel's top: 15% above its largest, for the labels. */
  private static double headroom(double max) {
    return max <= 0 ? 1 : max * 1.15;
  }

  private static String format(double v) {
    return v >= 100
        ? String.format("%.0f", v)
        : v < 10 ? String.format("%.2f", v) : String.format("%.1f", v);
  }
}
