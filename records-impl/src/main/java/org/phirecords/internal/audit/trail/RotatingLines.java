package org.phirecords.internal.audit.trail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file of lines that rotates to {@code .1}, {@code .2}... when it would exceed {@code maxBytes},
 * keeping {@code keep} rotated files. Not thread-safe: callers serialise.
 */
final class RotatingLines {
  private final Path file;
  private final long maxBytes;
  private final int keep;

  RotatingLines(Path file, long maxBytes, int keep) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  /** Appends {@code line} (with its line break); returns whether the file was rotated first. */
  boolean append(byte[] line) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    boolean rotate = Files.exists(file) && Files.size(file) + line.length > maxBytes;
    if (rotate) {
      rotate();
    }
    Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return rotate;
  }

  private void rotate() throws IOException {
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "." + keep));
    for (int i = keep - 1; i >= 1; i--) {
      Path from = file.resolveSibling(file.getFileName() + "." + i);
      if (Files.exists(from)) {
        Files.move(
            from,
            file.resolveSibling(file.getFileName() + "." + (i + 1)),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(
        file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
  }
}
