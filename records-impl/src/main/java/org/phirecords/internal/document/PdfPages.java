package org.phirecords.internal.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A plain text document written as PDF pages with Apache PDFBox (ADR 47): headings and paragraphs
 * wrapped at word boundaries, new pages as needed. Only the standard fonts: a character they cannot
 * show is written as {@code ?}, never dropped silently.
 */
public final class PdfPages {
  private static final float MARGIN = 56;
  private static final float BODY_SIZE = 10;
  private static final float HEADING_SIZE = 13;
  private static final float LEADING = 1.4f;

  private final PDType1Font body = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private final List<Line> lines = new ArrayList<>();

  private record Line(String text, boolean heading, float indent) {}

  /** Adds a heading. */
  public PdfPages heading(String text) {
    lines.add(new Line("", false, 0));
    lines.add(new Line(text, true, 0));
    return this;
  }

  /** Adds a paragraph, wrapped. */
  public PdfPages paragraph(String text) {
    return indented(text, 0);
  }

  /** Adds a paragraph indented by {@code indent} points, wrapped. */
  public PdfPages indented(String text, float indent) {
    for (String part : text.split("\\R", -1)) {
      lines.add(new Line(part, false, indent));
    }
    return this;
  }

  /** The PDF. */
  public byte[] bytes() {
    try (PDDocument doc = new PDDocument()) {
      PDRectangle size = PDRectangle.LETTER;
      float width = size.getWidth() - 2 * MARGIN;
      PDPageContentStream out = null;
      float y = 0;
      for (Line line : lines) {
        PDType1Font font = line.heading() ? bold : body;
        float fontSize = line.heading() ? HEADING_SIZE : BODY_SIZE;
        for (String wrapped :
            wrap(shown(font, line.text()), font, fontSize, width - line.indent())) {
          if (out == null || y < MARGIN + fontSize) {
            if (out != null) {
              out.close();
            }
            PDPage page = new PDPage(size);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            y = size.getHeight() - MARGIN;
          }
          y -= fontSize * LEADING;
          out.beginText();
          out.setFont(font, fontSize);
          out.newLineAtOffset(MARGIN + line.indent(), y);
          out.showText(wrapped);
          out.endText();
        }
      }
      if (out == null) {
        doc.addPage(new PDPage(size));
      } else {
        out.close();
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      doc.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shown(PDType1Font font, String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              String s = Character.isISOControl(c) ? " " : new String(Character.toChars(c));
              try {
                font.encode(s);
                b.append(s);
              } catch (IOException | IllegalArgumentException e) {
                b.append('?');
              }
            });
    return b.toString();
  }

  private static List<String> wrap(String text, PDType1Font font, float size, float width)
      throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (font.getStringWidth(candidate) / 1000 * size <= width || line.isEmpty()) {
        line.setLength(0);
        line.append(candidate);
      } else {
        out.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
      while (font.getStringWidth(line.toString()) / 1000 * size > width && line.length() > 1) {
        int cut = line.length() - 1;
        while (cut > 1 && font.getStringWidth(line.substring(0, cut)) / 1000 * size > width) {
          cut--;
        }
        out.add(line.substring(0, cut));
        line.delete(0, cut);
      }
    }
    out.add(line.toString());
    return out;
  }
}
